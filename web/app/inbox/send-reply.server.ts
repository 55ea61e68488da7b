import { commandIdFor, replyTextSchema, type SendReply, type StoredMedia, sendReplySchema } from "@cloudpa/contracts";
import { appendSigned } from "@cloudpa/kit";
import { z } from "zod";
import type { Account } from "#app/accounts/accounts.server.ts";
import type { WebContext } from "#app/web-context.server.ts";
import { conversationOfOrg } from "./conversation-of-org.server.ts";

export const replyFormSchema = z.object({
  commandId: z.uuid("commandId must be a UUID"),
  text: replyTextSchema,
});

export type SendReplyOutcome = { kind: "accepted"; commandId: string; duplicate: boolean } | { kind: "not_found" };

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
  input: { conversationId: string; clientKey: string; text: string; media?: StoredMedia[] },
  now: Date = new Date(),
): Promise<SendReplyOutcome> {
  const conversation = await conversationOfOrg(web, account.orgId, input.conversationId);
  if (!conversation) return { kind: "not_found" };
  const commandId = commandIdFor(account.orgId, input.clientKey);
  const command: SendReply = sendReplySchema.parse({
    type: "SendReply",
    version: 1,
    commandId,
    orgId: account.orgId,
    conversationId: input.conversationId,
    text: input.text,
    media: input.media,
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
