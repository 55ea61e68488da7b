import { defineEntity, type InferEntity, p } from "@mikro-orm/core";
import type { MessageDirection } from "./message.entity.js";

/**
 * The snooze's end as the inbox's keyset indexes hold it (a last key column) and the inbox's query
 * compares it with now, written the same in both so the planner matches them: a conversation
 * never snoozed has ended its snooze at -infinity. `snoozedUntil` is the column, as each names it.
 */
export const snoozeEndKey = (snoozedUntil: string) => `coalesce(${snoozedUntil}, '-infinity'::timestamptz)`;

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
    contactHandle: p.text(),
    contactDisplayName: p.text(),
    lastMessageId: p.uuid().nullable(),
    lastMessageAt: p.datetime().columnType("timestamptz").nullable(),
    lastInboundAt: p.datetime().columnType("timestamptz").nullable(),
    lastMessagePreview: p.text().nullable(),
    lastMessageDirection: p
      .text()
      .$type<MessageDirection>()
      .nullable()
      .check("last_message_direction in ('inbound', 'outbound')"),
    lastMessageStatus: p.text().nullable(),
    unreadCount: p.integer().default(0).check("unread_count >= 0"),
    /**
     * Marked unread by the freelancer (ConversationMarkedUnread) with no unread message: counted
     * as one unread conversation (`unreadCount` 1) and shown as a dot, not a number. A read or the
     * customer's next message ends it.
     */
    markedUnread: p.boolean().default(false),
    /**
     * Muted (ConversationMuted): its customer's messages are not pushed, sounded or notified until
     * `mutedUntil` passes, or, while that is null, until unmuted (mutedAt says whether it is now).
     */
    muted: p.boolean().default(false),
    mutedUntil: p.datetime().columnType("timestamptz").nullable(),
    status: p.text(),
    createdAt: p.datetime().columnType("timestamptz"),
    /** Archived (issue 15): out of the inbox until unarchived or the customer writes again. */
    archivedAt: p.datetime().columnType("timestamptz").nullable(),
    /** Snoozed: hidden from the inbox while this is after now, then back on top (see `inboxAt`). */
    snoozedUntil: p.datetime().columnType("timestamptz").nullable(),
    /** Pinned: listed above every unpinned conversation. */
    pinned: p.boolean().default(false),
    /**
     * The inbox's order (after pinned): the later of the last message and the snooze's end, so
     * a snoozed conversation comes back on top when its time passes, with no clock in the
     * projection. Null while there is no message.
     */
    inboxAt: p.datetime().columnType("timestamptz").nullable(),
    /** The org's labels on it (issue 15), in the order they were put on; ids of `label` rows of the same org. */
    labelIds: p.json<string[]>().columnType("jsonb").defaultRaw("'[]'"),
  },
  indexes: [
    // The inbox's exact keyset order (pinned first, then by inboxAt), the same for its unread
    // filter, and the archived view's. The inbox's two end with the snooze's end as a key the
    // query compares with now (snoozeEndKey), so a first page skips the conversations snoozed
    // into the future (on top by inboxAt) within the index, without reading their rows. Written as SQL: MikroORM 7.2.1 reads `id desc` back as `id`
    // here (it finds `id` inside `org_id`), so the structured form would never compare equal; the
    // drift test compares these definitions with the migrated ones.
    {
      name: "conversation_inbox_keyset_idx",
      expression: (c, table, name) =>
        `create index ${name} on ${table} (${c.orgId}, ${c.pinned} desc, ${c.inboxAt} desc nulls last, ${c.id} desc, (${snoozeEndKey(c.snoozedUntil)})) where ${c.archivedAt} is null`,
    },
    {
      name: "conversation_inbox_unread_idx",
      expression: (c, table, name) =>
        `create index ${name} on ${table} (${c.orgId}, ${c.pinned} desc, ${c.inboxAt} desc nulls last, ${c.id} desc, (${snoozeEndKey(c.snoozedUntil)})) where ${c.archivedAt} is null and ${c.unreadCount} > 0`,
    },
    {
      name: "conversation_archived_keyset_idx",
      expression: (c, table, name) =>
        `create index ${name} on ${table} (${c.orgId}, ${c.pinned} desc, ${c.inboxAt} desc nulls last, ${c.id} desc) where ${c.archivedAt} is not null`,
    },
    // The contact card's list of a contact's conversations in the org (issue 15).
    { name: "conversation_org_contact_idx", properties: ["orgId", "contactId"] },
    // The inbox's label filter (`label_ids @> '["<label id>"]'`), issue 15; without GIN's pending
    // list, which every search reads whole until a vacuum merges it (issue 16, decision 033).
    {
      name: "conversation_label_ids_idx",
      expression: (c, table, name) =>
        `create index ${name} on ${table} using gin (${c.labelIds} jsonb_path_ops) with (fastupdate = off)`,
    },
  ],
});
export type ConversationRow = InferEntity<typeof Conversation>;
