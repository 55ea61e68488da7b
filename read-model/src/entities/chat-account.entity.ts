import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

/** A channel (one WhatsApp number of one org), mirrored from ChannelConnected / ChannelDisconnected. */
export const ChatAccount = defineEntity({
  name: "ChatAccount",
  tableName: "chat_account",
  properties: {
    id: p.uuid().primary(),
    orgId: p.uuid(),
    provider: p.text(),
    externalPhoneId: p.text(),
    accountSid: p.text(),
    displayName: p.text().nullable(),
    isActive: p.boolean(),
    connectedAt: p.datetime().columnType("timestamptz"),
    disconnectedAt: p.datetime().columnType("timestamptz").nullable(),
  },
  uniques: [
    {
      name: "chat_account_org_provider_phone_uq",
      expression: (c, table, name) =>
        `create unique index ${name} on ${table} (${c.orgId}, ${c.provider}, ${c.externalPhoneId})`,
    },
  ],
  indexes: [{ name: "chat_account_provider_phone_idx", properties: ["provider", "externalPhoneId"] }],
});
export type ChatAccountRow = InferEntity<typeof ChatAccount>;
