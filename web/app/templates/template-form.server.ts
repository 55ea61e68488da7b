import { templateSendSchema } from "@cloudpa/contracts";
import { data } from "@remix-run/node";
import { z } from "zod";
import type { Account } from "#app/accounts/accounts.server.ts";
import type { WebContext } from "#app/web-context.server.ts";
import type { TemplateSendOutcome } from "./template-send.server.ts";
import { sendTemplateReply } from "./template-send.server.ts";

/** The picker's form: the page's command id, the template, and its variables as JSON. */
const templateFormSchema = z.object({
  commandId: z.uuid(),
  contentSid: templateSendSchema.shape.contentSid,
  variables: z.string().transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "variables must be JSON" });
      return z.NEVER;
    }
  }),
});

/** Words for a refused template send, as the inbox shows them. */
export function templateRefusalText(outcome: Exclude<TemplateSendOutcome, { kind: "accepted" }>): string {
  switch (outcome.kind) {
    case "template_not_sendable":
      return "This template is not approved for WhatsApp (any more); choose another.";
    case "variables_missing":
      return `Fill in every variable (${outcome.missing.map((name) => `{{${name}}}`).join(", ")}).`;
    case "templates_unavailable":
      return "Twilio could not be asked about this template just now; try again.";
    case "channel_inactive":
      return "This WhatsApp number is disconnected.";
    case "channel_ambiguous":
      return "Choose the number to send from.";
    case "channel_not_found":
      return "No connected WhatsApp number to send from.";
    case "conversation_not_found":
      return "No such conversation.";
    default: {
      const unhandled: never = outcome;
      throw new Error(`unknown outcome ${(unhandled as { kind: string }).kind}`);
    }
  }
}

/** The conversation page's `intent=template` action: a template send from the picker. */
export async function templateFormAction(web: WebContext, account: Account, conversationId: string, form: FormData) {
  const parsed = templateFormSchema.safeParse(Object.fromEntries(form));
  const template = parsed.success
    ? templateSendSchema.safeParse({ contentSid: parsed.data.contentSid, variables: parsed.data.variables })
    : undefined;
  if (!parsed.success || !template?.success)
    return data({ ok: false as const, error: "Choose a template and fill in its variables" }, { status: 400 });
  const outcome = await sendTemplateReply(web, account, {
    conversationId,
    clientKey: parsed.data.commandId,
    template: template.data,
  });
  if (outcome.kind === "conversation_not_found") throw new Response("Not found", { status: 404 });
  if (outcome.kind !== "accepted")
    return data({ ok: false as const, error: templateRefusalText(outcome) }, { status: 422 });
  return data({ ok: true as const, commandId: outcome.commandId }, { status: 202 });
}
