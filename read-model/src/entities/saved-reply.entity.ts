import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

/**
 * One of an org's saved replies (issue 15): a name, the shortcut typed after `/` in the composer,
 * and a body with `{{field}}`s the web fills from the contact. A deleted one keeps its row (so a
 * late edit cannot bring it back) with its body emptied and `deletedAt` set; the queries leave it
 * out. That a name or shortcut is the org's only live one is the web's check before it appends.
 */
export const SavedReply = defineEntity({
  name: "SavedReply",
  tableName: "saved_reply",
  properties: {
    id: p.uuid().primary(),
    orgId: p.uuid(),
    name: p.text(),
    shortcut: p.text(),
    body: p.text(),
    createdAt: p.datetime().columnType("timestamptz"),
    editedAt: p.datetime().columnType("timestamptz").nullable(),
    deletedAt: p.datetime().columnType("timestamptz").nullable(),
  },
  indexes: [{ name: "saved_reply_org_shortcut_idx", properties: ["orgId", "shortcut"] }],
});
export type SavedReplyRow = InferEntity<typeof SavedReply>;
