import type { MediaItem } from "@cloudpa/contracts";
import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

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
    direction: p.string(),
    providerSid: p.string().nullable(),
    commandId: p.uuid().nullable(),
    body: p.text(),
    media: p.json<MediaItem[]>().columnType("jsonb"),
    status: p.string(),
    errorCode: p.string().nullable(),
    errorMessage: p.text().nullable(),
    failureReason: p.string().nullable(),
    requestedBy: p.string().nullable(),
    sentAt: p.datetime().columnType("timestamptz"),
    statusAt: p.datetime().columnType("timestamptz").nullable(),
  },
});
export type MessageRow = InferEntity<typeof Message>;
