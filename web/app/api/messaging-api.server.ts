import { isUuid, REPLY_TOO_LONG_MESSAGE } from "@cloudpa/contracts";
import { InboxCursorError, inboxPage } from "@cloudpa/read-model";
import type { z } from "zod";
import type { ApiScope } from "#app/accounts/api-tokens.server.ts";
import { type Authenticated, callerOf } from "#app/accounts/authenticate.server.ts";
import { tooManyMessage } from "#app/accounts/rate-limit.server.ts";
import { type Organize, type OrganizeAction, organizeConversation } from "#app/inbox/organize.server.ts";
import { sendReply } from "#app/inbox/send-reply.server.ts";
import { apiUnlessUnconfirmed } from "#app/inbox/unconfirmed-send.server.ts";
import { labelOf } from "#app/labels/labels.server.ts";
import { resolveMediaIds } from "#app/media/media-send.server.ts";
import { checkOrigin } from "#app/security/csrf.server.ts";
import { sendTemplateToConversation, windowClosedResponse } from "#app/templates/template-api.server.ts";
import type { WebContext } from "#app/web-context.server.ts";
import { takeApiTurn } from "./api-rate-limit.server.ts";
import { apiError, apiJson, sendAccepted } from "./api-response.server.ts";
import {
  type conversationOrganizedSchema,
  isMediaSendBody,
  isTemplateSendBody,
  listConversationsQuerySchema,
  muteRequestSchema,
  sendMediaBodySchema,
  sendTextBodySchema,
  snoozeRequestSchema,
} from "./api-schemas.ts";
import { conversationAnswer } from "./conversation-history-api.server.ts";
import { clientKeyOf } from "./idempotency-key.server.ts";
import { isJsonRequest, jsonBodyOf } from "./json-body.server.ts";

type Handler = (web: WebContext, auth: Authenticated, request: Request, conversationId?: string) => Promise<Response>;

/**
 * The gate of every API operation: the rate limit (429 + Retry-After), then who calls (401,
 * `AUTH.TOKEN_EXPIRED` for an expired token) and whether their token has the operation's scope
 * (403 `AUTH.INSUFFICIENT_SCOPE`). `clientIp` comes from the trusted-proxy logic (server.js).
 */
export async function withAuth(
  web: WebContext,
  request: Request,
  scope: ApiScope,
  clientIp: string,
  handler: Handler,
  conversationId?: string,
) {
  const caller = await callerOf(web.db, request);
  const turn = await takeApiTurn(web.db, web.env, {
    clientIp,
    limitKey: typeof caller === "object" ? caller.limitKey : undefined,
  });
  if (!turn.allowed)
    return apiError(429, "RATE.LIMITED", tooManyMessage(turn.retryAfterSeconds, "requests"), {
      "retry-after": String(turn.retryAfterSeconds),
    });
  if (caller === "expired")
    return apiError(
      401,
      "AUTH.TOKEN_EXPIRED",
      "This API token has expired; create a new one in Settings → API tokens",
      {
        "www-authenticate": 'Bearer realm="cloudpa", error="invalid_token", error_description="The token expired"',
      },
    );
  if (!caller)
    return apiError(401, "AUTH.REQUIRED", "Sign in, or send Authorization: Bearer <API token>", {
      "www-authenticate": 'Bearer realm="cloudpa"',
    });
  if (!caller.scopes.includes(scope))
    return apiError(403, "AUTH.INSUFFICIENT_SCOPE", `This API token lacks the "${scope}" scope this operation needs`, {
      "www-authenticate": `Bearer realm="cloudpa", error="insufficient_scope", scope="${scope}"`,
    });
  return handler(web, caller, request, conversationId);
}

/** `GET /api/v1/messaging/conversations?cursor&limit&q&unread&view&label`: the inbox, newest first. */
export function listConversations(web: WebContext, request: Request, clientIp = "unknown"): Promise<Response> {
  return withAuth(web, request, "read", clientIp, async (web, { account }) => {
    const query = listConversationsQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) return apiError(400, "REQUEST.INVALID", query.error.issues.map((i) => i.message).join("; "));
    if (query.data.label !== undefined && !(await labelOf(web, account.orgId, query.data.label)))
      return apiError(404, "LABEL.NOT_FOUND", "No such label in your account");
    try {
      const page = await inboxPage(web.db, {
        orgId: account.orgId,
        cursor: query.data.cursor,
        limit: query.data.limit,
        search: query.data.q,
        unreadOnly: query.data.unread === "true",
        view: query.data.view,
        labelId: query.data.label,
        schema: web.readModelSchema,
      });
      return apiJson({ conversations: page.conversations, nextCursor: page.nextCursor ?? null });
    } catch (error) {
      if (error instanceof InboxCursorError) return apiError(400, "INBOX.BAD_CURSOR", error.message);
      throw error;
    }
  });
}

/** `GET /api/v1/messaging/conversations/:id`: the conversation with its latest messages. */
export function getConversation(
  web: WebContext,
  request: Request,
  conversationId: string,
  clientIp = "unknown",
): Promise<Response> {
  return withAuth(web, request, "read", clientIp, async (web, { account }) => {
    // Its latest messages, or the page `before` a cursor, and `q`'s hits (issue 15).
    return conversationAnswer(web, account.orgId, conversationId, new URL(request.url));
  });
}

/**
 * `POST /api/v1/messaging/conversations/:id/send` `{"text"}`, `{"template"}` or `{"mediaIds"}` → 202
 * `{commandId}`; free text or files to a closed window → 409 REPLY.WINDOW_CLOSED; not confirmed by
 * the message store → 503 with Retry-After. The `Idempotency-Key` header names the command: the
 * same key sends one WhatsApp message.
 */
export function sendToConversation(
  web: WebContext,
  request: Request,
  conversationId: string,
  clientIp = "unknown",
): Promise<Response> {
  return withAuth(
    web,
    request,
    "send",
    clientIp,
    (web, { account, via }) =>
      apiUnlessUnconfirmed(web, request, { orgId: account.orgId, conversationId }, async () => {
        const read = await jsonBodyOf(request, via);
        if (!read.ok) return read.response;
        // {"template": …}: an approved template, which WhatsApp takes whatever the window (templates/).
        if (isTemplateSendBody(read.body))
          return sendTemplateToConversation(web, account, request, read.body, conversationId);
        // Media: {"mediaIds": [...], "text"?: caption} (decision 021).
        const mediaSend = isMediaSendBody(read.body) ? sendMediaBodySchema.safeParse(read.body) : undefined;
        if (mediaSend && !mediaSend.success)
          return mediaSend.error.issues.some((issue) => issue.message === REPLY_TOO_LONG_MESSAGE)
            ? apiError(400, "REPLY.TOO_LONG", REPLY_TOO_LONG_MESSAGE)
            : apiError(400, "REQUEST.INVALID", mediaSend.error.issues.map((i) => i.message).join("; "));
        const parsed = mediaSend ? undefined : sendTextBodySchema.safeParse(read.body);
        if (parsed && !parsed.success)
          return parsed.error.issues.some((issue) => issue.message === REPLY_TOO_LONG_MESSAGE)
            ? apiError(400, "REPLY.TOO_LONG", REPLY_TOO_LONG_MESSAGE)
            : apiError(400, "REQUEST.INVALID", 'Send {"text": "<the reply>"} with some text');
        const text = mediaSend?.data?.text ?? parsed?.data?.text ?? "";
        const key = clientKeyOf(request);
        if (!key.ok) return key.response;
        if (!isUuid(conversationId)) return apiError(404, "CONVERSATION.NOT_FOUND", "No such conversation");
        const resolved = mediaSend?.data
          ? await resolveMediaIds(web, account.orgId, mediaSend.data.mediaIds)
          : undefined;
        if (resolved && !resolved.ok)
          return apiError(404, "MEDIA.NOT_FOUND", `No such media: ${resolved.missing.join(", ")}; upload it first`);
        const outcome = await sendReply(web, account, {
          conversationId,
          clientKey: key.key,
          text,
          media: resolved?.media,
        });
        if (outcome.kind === "not_found") return apiError(404, "CONVERSATION.NOT_FOUND", "No such conversation");
        if (outcome.kind === "window_closed") return windowClosedResponse(conversationId);
        return sendAccepted(conversationId, outcome);
      }),
    conversationId,
  );
}

/**
 * `POST /api/v1/messaging/conversations/:id/{archive,unarchive,pin,unpin,mark-unread,unmute}` (no
 * body), `…/snooze` `{"until"}` and `…/mute` (no body, or `{"until"}` for an end) → 202
 * `{conversationId, action, status, eventId}`: the change is an event, and the inbox shows it once
 * projected. Another org's conversation is 404.
 */
export function organizeConversationResponse(
  web: WebContext,
  request: Request,
  conversationId: string,
  action: OrganizeAction,
  clientIp = "unknown",
): Promise<Response> {
  return withAuth(
    web,
    request,
    "send",
    clientIp,
    async (web, { account, via }) => {
      let organize: Organize;
      if (action === "snooze") {
        const read = await jsonBodyOf(request, via);
        if (!read.ok) return read.response;
        const parsed = snoozeRequestSchema.safeParse(read.body);
        if (!parsed.success)
          return apiError(400, "REQUEST.INVALID", parsed.error.issues.map((i) => i.message).join("; "));
        organize = { action, until: parsed.data.until };
      } else if (action === "mute" && isJsonRequest(request)) {
        // A JSON body may give the mute an end; without a body it lasts until unmuted.
        const read = await jsonBodyOf(request, via);
        if (!read.ok) return read.response;
        const parsed = muteRequestSchema.safeParse(read.body);
        if (!parsed.success)
          return apiError(400, "REQUEST.INVALID", parsed.error.issues.map((i) => i.message).join("; "));
        organize = { action, until: parsed.data.until };
      } else {
        // No body to read, but a signed-in session's write must still come from this site.
        if (via === "session") {
          const origin = checkOrigin(request);
          if (!origin.ok) return apiError(403, "AUTH.CROSS_SITE", origin.reason);
        }
        organize = { action };
      }
      const outcome = await organizeConversation(web, account, conversationId, organize);
      if (outcome.kind === "not_found") return apiError(404, "CONVERSATION.NOT_FOUND", "No such conversation");
      return apiJson(
        {
          conversationId,
          action,
          status: "accepted",
          eventId: outcome.eventId,
        } satisfies z.input<typeof conversationOrganizedSchema>,
        202,
        { location: `/api/v1/messaging/conversations/${conversationId}` },
      );
    },
    conversationId,
  );
}
