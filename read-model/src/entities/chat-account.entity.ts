import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

/** A channel (one WhatsApp number of one org), mirrored from ChannelConnected / ChannelDisconnected. */
export const ChatAccount = defineEntity({
  name: "ChatAccount",
  tableName: "chat_account",
  properties: {
    id: p.uuid().primary(),
    orgId: p.uuid(),
    provider: p.string(),
    externalPhoneId: p.string(),
    accountSid: p.string(),
    displayName: p.string().nullable(),
    isActive: p.boolean(),
    connectedAt: p.datetime().columnType("timestamptz"),
    disconnectedAt: p.datetime().columnType("timestamptz").nullable(),
  },
});
export type ChatAccountRow = InferEntity<typeof ChatAccount>;
