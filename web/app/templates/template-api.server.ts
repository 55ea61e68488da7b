import { isUuid } from "@cloudpa/contracts";
import type { z } from "zod";
import type { Account } from "#app/accounts/accounts.server.ts";
import { apiError, apiJson, sendAccepted } from "#app/api/api-response.server.ts";
import { clientKeyOf } from "#app/api/idempotency-key.server.ts";
import { jsonBodyOf } from "#app/api/json-body.server.ts";
import { withAuth } from "#app/api/messaging-api.server.ts";
import type { WebContext } from "#app/web-context.server.ts";
import { channelOfConversation, channelTemplates } from "./channel-templates.server.ts";
import {
  type conversationStartedSchema,
  sendTemplateBodySchema,
  startConversationBodySchema,
  type templateListSchema,
} from "./template-schemas.ts";
import { sendTemplateReply, startConversation, type TemplateSendOutcome } from "./template-send.server.ts";

/** Where a closed window's reply goes instead: named by 409 REPLY.WINDOW_CLOSED. */
export const TEMPLATE_SEND_HINT =
  'Send an approved template instead: POST /api/v1/messaging/conversations/{id}/send with {"template": {"contentSid": "HX…", "variables": {"1": "…"}}}; GET /api/v1/messaging/conversations/{id}/templates lists them';

/** The response to a free-text send into a closed window. */
export function windowClosedResponse(conversationId: string): Response {
  return apiError(
    409,
    "REPLY.WINDOW_CLOSED",
    `The customer has not written in 24 hours, so WhatsApp takes only approved templates; nothing was sent. ${TEMPLATE_SEND_HINT.replaceAll("{id}", conversationId)}`,
  );
}

/** A template send's refusal as the API answers it; undefined when it was accepted. */
export function templateRefusal(outcome: TemplateSendOutcome): Response | undefined {
  switch (outcome.kind) {
    case "accepted":
      return undefined;
    case "conversation_not_found":
      return apiError(404, "CONVERSATION.NOT_FOUND", "No such conversation");
    case "channel_not_found":
      return apiError(404, "CHANNEL.NOT_FOUND", "No such connected number of yours; connect one in Settings");
    case "channel_ambiguous":
      return apiError(
        400,
        "CHANNEL.AMBIGUOUS",
        `You have ${outcome.count} numbers: name the one to send from with channelId`,
      );
    case "channel_inactive":
      return apiError(409, "CHANNEL.INACTIVE", "This number is disconnected; reconnect it in Settings");
    case "template_not_sendable":
      return apiError(
        422,
        "TEMPLATE.NOT_SENDABLE",
        outcome.status
          ? `This template is ${outcome.status} for WhatsApp; only approved templates can be sent`
          : "No such template on this number's Twilio account",
      );
    case "variables_missing":
      return apiError(
        400,
        "TEMPLATE.VARIABLES_MISSING",
        `Give a value for each variable: missing ${outcome.missing.join(", ")}`,
      );
    case "templates_unavailable":
      return apiError(502, "TEMPLATES.UNAVAILABLE", `Twilio's Content API could not be asked: ${outcome.message}`);
    default: {
      const unhandled: never = outcome;
      throw new Error(`unknown outcome ${(unhandled as { kind: string }).kind}`);
    }
  }
}

/** `GET /api/v1/messaging/conversations/:id/templates[?refresh=true]`: the approved templates of its number. */
export function listConversationTemplates(
  web: WebContext,
  request: Request,
  conversationId: string,
  clientIp = "unknown",
): Promise<Response> {
  return withAuth(web, request, "read", clientIp, async (web, { account }) => {
    const channel = isUuid(conversationId)
      ? await channelOfConversation(web, account.orgId, conversationId)
      : undefined;
    if (!channel) return apiError(404, "CONVERSATION.NOT_FOUND", "No such conversation");
    const refresh = new URL(request.url).searchParams.get("refresh") === "true";
    const listed = await channelTemplates(web, account.orgId, channel, { refresh });
    if (listed.kind === "no_credentials")
      return apiError(502, "TEMPLATES.UNAVAILABLE", "This number's Twilio credentials are not available");
    if (listed.kind === "unavailable")
      return apiError(502, "TEMPLATES.UNAVAILABLE", `Twilio's Content API could not be asked: ${listed.message}`);
    return apiJson({
      templates: listed.templates.filter((template) => template.sendable),
    } satisfies z.input<typeof templateListSchema>);
  });
}

/** `POST /api/v1/messaging/conversations` `{"to", "template", "channelId"?}` → 202 `{commandId, conversationId}`. */
export function startConversationApi(web: WebContext, request: Request, clientIp = "unknown"): Promise<Response> {
  return withAuth(web, request, "send", clientIp, async (web, { account, via }) => {
    const read = await jsonBodyOf(request, via);
    if (!read.ok) return read.response;
    const parsed = startConversationBodySchema.safeParse(read.body);
    if (!parsed.success)
      return apiError(
        400,
        "REQUEST.INVALID",
        `Send {"to": "whatsapp:+…", "template": {"contentSid": "HX…", "variables": {…}}}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")}`,
      );
    const key = clientKeyOf(request);
    if (!key.ok) return key.response;
    const outcome = await startConversation(web, account, { ...parsed.data, clientKey: key.key });
    const refusal = templateRefusal(outcome);
    if (refusal || outcome.kind !== "accepted") return refusal as Response;
    return apiJson(
      {
        commandId: outcome.commandId,
        conversationId: outcome.conversationId,
        status: "accepted",
        duplicate: outcome.duplicate,
      } satisfies z.input<typeof conversationStartedSchema>,
      202,
      { location: `/api/v1/messaging/conversations/${outcome.conversationId}` },
    );
  });
}

/** The send endpoint's template member, `{"template": {"contentSid", "variables"}}`: sent whatever the window. */
export async function sendTemplateToConversation(
  web: WebContext,
  account: Account,
  request: Request,
  body: unknown,
  conversationId: string,
): Promise<Response> {
  const parsed = sendTemplateBodySchema.safeParse(body);
  if (!parsed.success)
    return apiError(
      400,
      "REQUEST.INVALID",
      `Send {"template": {"contentSid": "HX…", "variables": {"1": "…"}}} alone: ${parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")}`,
    );
  const key = clientKeyOf(request);
  if (!key.ok) return key.response;
  if (!isUuid(conversationId)) return apiError(404, "CONVERSATION.NOT_FOUND", "No such conversation");
  const outcome = await sendTemplateReply(web, account, {
    conversationId,
    clientKey: key.key,
    template: parsed.data.template,
  });
  const refusal = templateRefusal(outcome);
  if (refusal || outcome.kind !== "accepted") return refusal as Response;
  return sendAccepted(conversationId, outcome);
}
