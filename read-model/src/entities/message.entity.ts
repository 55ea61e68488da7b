import { MESSAGE_KINDS, type MediaItem, type MessageDetails, type MessageKind } from "@cloudpa/contracts";
import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

/** Which way a message went: the values the `direction` column's check allows. */
export type MessageDirection = "inbound" | "outbound";

/**
 * One WhatsApp message, either way. Outbound rows carry the SendReply `commandId`; a reply
 * that was never sent has no `providerSid`, status `failed` and a `failureReason`.
 */
export const Message = defineEntity({
  name: "Message",
  tableName: "message",
  properties: {
    id: p.uuid().primary(),
    orgId: p.uuid(),
    conversationId: p.uuid(),
    direction: p.text().$type<MessageDirection>().check("direction in ('inbound', 'outbound')"),
    providerSid: p.text().nullable(),
    commandId: p.uuid().nullable(),
    body: p.text(),
    media: p.json<MediaItem[]>().columnType("jsonb").defaultRaw("'[]'"),
    /** What the message is (decision 023); its kind's fields are in `details`. */
    kind: p
      .text()
      .$type<MessageKind>()
      .default("text")
      .check(`kind in (${MESSAGE_KINDS.map((kind) => `'${kind}'`).join(", ")})`),
    details: p.json<MessageDetails>().columnType("jsonb").nullable(),
    /** The MessageSid of the message this one replies to (WhatsApp's quote), in the same org. */
    replyToSid: p.text().nullable(),
    /** The customer's reaction to this message (an emoji), attached here rather than shown as a message. */
    reaction: p.text().nullable(),
    status: p.text(),
    errorCode: p.text().nullable(),
    errorMessage: p.text().nullable(),
    failureReason: p.text().nullable(),
    requestedBy: p.text().nullable(),
    sentAt: p.datetime().columnType("timestamptz"),
    statusAt: p.datetime().columnType("timestamptz").nullable(),
  },
  uniques: [
    {
      name: "message_org_provider_sid_uq",
      expression: (c, table, name) => `create unique index ${name} on ${table} (${c.orgId}, ${c.providerSid})`,
    },
  ],
  indexes: [
    { name: "message_org_sent_at_idx", properties: ["orgId", "sentAt"] },
    // A conversation's messages in keyset order (sent_at, id): its latest page and its history (issue 15).
    { name: "message_conversation_sent_at_idx", properties: ["conversationId", "sentAt", "id"] },
    // Search by message text.
    {
      name: "message_body_trgm_idx",
      expression: (c, table, name) => `create index ${name} on ${table} using gin (${c.body} public.gin_trgm_ops)`,
    },
  ],
});
export type MessageRow = InferEntity<typeof Message>;
