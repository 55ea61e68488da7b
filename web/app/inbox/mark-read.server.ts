import { randomUUID } from "node:crypto";
import type { ConversationRead } from "@cloudpa/contracts";
import { appendSigned } from "@cloudpa/kit";
import type { Account } from "#app/accounts/accounts.server.ts";
import type { WebContext } from "#app/web-context.server.ts";

/**
 * Marks a conversation read by appending ConversationRead: the projector clears the unread
 * count, so a rebuild keeps it. The caller checked the conversation is the org's.
 */
export async function markConversationRead(
  web: WebContext,
  account: Account,
  conversationId: string,
  now: Date = new Date(),
): Promise<void> {
  const event: ConversationRead = {
    type: "ConversationRead",
    version: 1,
    eventId: randomUUID(),
    orgId: account.orgId,
    occurredAt: now.toISOString(),
    conversationId,
    readBy: account.userId,
    readAt: now.toISOString(),
  };
  await appendSigned(web.js, web.names, event, web.env.WEB_SIGNING_KEY);
}
