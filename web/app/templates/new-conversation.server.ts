import { e164WhatsappHandle, templateSendSchema, uuid } from "@cloudpa/contracts";
import { z } from "zod";
import type { Account } from "#app/accounts/accounts.server.ts";
import type { WebContext } from "#app/web-context.server.ts";
import { chooseChannel } from "./channel-templates.server.ts";
import { customerHandleOf } from "./customer-number.ts";
import { templateRefusalText } from "./template-form.server.ts";
import { startConversationFrom } from "./template-send.server.ts";

/**
 * "New conversation"'s form: the customer's number as typed (read by `customerHandleOf` once the
 * number it is sent from is known), the number to send from, the template.
 */
const newConversationFormSchema = z.object({
  commandId: z.uuid(),
  to: z.string().trim().min(1),
  channelId: uuid,
  contentSid: templateSendSchema.shape.contentSid,
  variables: z.string(),
});

export type NewConversationResult = { ok: true; conversationId: string } | { ok: false; error: string; status: number };

/** Starts a conversation from the inbox's form. */
export async function newConversationFromForm(
  web: WebContext,
  account: Account,
  form: FormData,
): Promise<NewConversationResult> {
  const parsed = newConversationFormSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success)
    return {
      ok: false,
      status: 400,
      error: parsed.error.issues.some((issue) => issue.path[0] === "to")
        ? NOT_A_NUMBER
        : "Choose a template and fill in its variables",
    };
  let variables: unknown;
  try {
    variables = JSON.parse(parsed.data.variables);
  } catch {
    return { ok: false, status: 400, error: "Choose a template and fill in its variables" };
  }
  const template = templateSendSchema.safeParse({ contentSid: parsed.data.contentSid, variables });
  if (!template.success) return { ok: false, status: 400, error: "Choose a template and fill in its variables" };
  const chosen = await chooseChannel(web, account.orgId, parsed.data.channelId);
  if (chosen.kind !== "found")
    return { ok: false, status: 422, error: templateRefusalText({ kind: "channel_not_found" }) };
  const to = e164WhatsappHandle.safeParse(customerHandleOf(parsed.data.to, chosen.channel.externalPhoneId));
  if (!to.success) return { ok: false, status: 400, error: NOT_A_NUMBER };
  const outcome = await startConversationFrom(web, account, chosen.channel, {
    to: to.data,
    clientKey: parsed.data.commandId,
    template: template.data,
  });
  if (outcome.kind !== "accepted") return { ok: false, status: 422, error: templateRefusalText(outcome) };
  return { ok: true, conversationId: outcome.conversationId };
}

const NOT_A_NUMBER =
  "Enter the customer's WhatsApp number with its country code, like +44 7700 900123 (one in your own country needs none)";
