import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

/**
 * One customer on one channel, with what the inbox list shows. The 24-hour reply window
 * ends at `lastInboundAt` + 24 h.
 */
export const Conversation = defineEntity({
  name: "Conversation",
  tableName: "conversation",
  properties: {
    id: p.uuid().primary(),
    orgId: p.uuid(),
    chatAccountId: p.uuid(),
    contactId: p.uuid(),
    /** The customer's handle and display name (profile name, else handle), copied for the list. */
    contactHandle: p.string(),
    contactDisplayName: p.string(),
    lastMessageId: p.uuid().nullable(),
    lastMessageAt: p.datetime().columnType("timestamptz").nullable(),
    lastInboundAt: p.datetime().columnType("timestamptz").nullable(),
    lastMessagePreview: p.string().nullable(),
    lastMessageDirection: p.string().nullable(),
    lastMessageStatus: p.string().nullable(),
    unreadCount: p.integer(),
    status: p.string(),
    createdAt: p.datetime().columnType("timestamptz"),
  },
});
export type ConversationRow = InferEntity<typeof Conversation>;
