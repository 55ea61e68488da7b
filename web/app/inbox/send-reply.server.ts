import {
  commandIdFor,
  replyTextSchema,
  type SendReply,
  type StoredMedia,
  sendReplySchema,
  type TemplateSend,
} from "@cloudpa/contracts";
import { appendSigned } from "@cloudpa/kit";
import { z } from "zod";
import type { Account } from "#app/accounts/accounts.server.ts";
import type { WebContext } from "#app/web-context.server.ts";
import { conversationOfOrg } from "./conversation-of-org.server.ts";
import { replyWindowOf } from "./reply-window.ts";

export const replyFormSchema = z.object({
  commandId: z.uuid("commandId must be a UUID"),
  text: replyTextSchema,
});

export type SendReplyOutcome =
  | { kind: "accepted"; commandId: string; duplicate: boolean }
  | { kind: "not_found" }
  /** Free text (or files) to a customer silent for 24 hours: WhatsApp takes only a template, so nothing is sent. */
  | { kind: "window_closed" };

/** A send's fields: `text` is what the customer reads (a template's rendered text with `template`). */
export interface SendReplyInput {
  conversationId: string;
  clientKey: string;
  text: string;
  media?: StoredMedia[];
  template?: TemplateSend;
  /** A new conversation's first message: the number it goes from and the customer's handle. */
  recipient?: SendReply["recipient"];
}

/**
 * Appends a SendReply command for a conversation of the account's org. The client chose a key
 * (the form's UUID, the API's Idempotency-Key), so a retried or double-clicked send is one
 * command, dropped by JetStream as a duplicate. The commandId is derived from the org and that
 * key, never the client's value itself: a key chosen in one org cannot name another org's
 * command and so cannot make it a duplicate (decision 006).
 */
export async function sendReply(
  web: WebContext,
  account: Account,
  input: Omit<SendReplyInput, "recipient">,
  now: Date = new Date(),
): Promise<SendReplyOutcome> {
  const conversation = await conversationOfOrg(web, account.orgId, input.conversationId);
  if (!conversation) return { kind: "not_found" };
  // Refused here, at once, rather than sent for the outbound to fail (issue 14): only a template opens a closed window.
  if (!input.template && !replyWindowOf(conversation.lastInboundAt, now).open) return { kind: "window_closed" };
  return appendSendReply(web, account, input, now);
}

/**
 * Appends the SendReply command itself, for a conversation already checked to be the org's (or,
 * with `recipient`, one the org's number starts).
 */
export async function appendSendReply(
  web: WebContext,
  account: Account,
  input: SendReplyInput,
  now: Date = new Date(),
): Promise<{ kind: "accepted"; commandId: string; duplicate: boolean }> {
  const commandId = commandIdFor(account.orgId, input.clientKey);
  const command: SendReply = sendReplySchema.parse({
    type: "SendReply",
    version: 1,
    commandId,
    orgId: account.orgId,
    conversationId: input.conversationId,
    text: input.text,
    media: input.media,
    template: input.template,
    recipient: input.recipient,
    requestedBy: account.userId,
    requestedAt: now.toISOString(),
  });
  const ack = await appendSigned(web.js, web.names, command, web.env.WEB_SIGNING_KEY);
  web.logger.info("reply requested", {
    orgId: account.orgId,
    conversationId: input.conversationId,
    commandId,
    duplicate: ack.duplicate,
  });
  return { kind: "accepted", commandId, duplicate: ack.duplicate };
}
