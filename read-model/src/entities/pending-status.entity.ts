import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

/**
 * A status callback that arrived before its message was projected; applied when it arrives.
 * Keyed by org and MessageSid: a MessageSid is one org's (decision 006).
 */
export const PendingStatus = defineEntity({
  name: "PendingStatus",
  tableName: "pending_status",
  properties: {
    orgId: p.uuid().primary(),
    providerSid: p.text().primary(),
    conversationId: p.uuid(),
    status: p.text(),
    errorCode: p.text().nullable(),
    errorMessage: p.text().nullable(),
    reportedAt: p.datetime().columnType("timestamptz"),
  },
});
export type PendingStatusRow = InferEntity<typeof PendingStatus>;
