import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

/**
 * A private note of the freelancer in a conversation (issue 15): never sent, shown among the
 * messages by its time. A deleted note keeps its row (so a late edit cannot bring it back) with
 * its text emptied and `deletedAt` set; the queries leave it out.
 */
export const ConversationNote = defineEntity({
  name: "ConversationNote",
  tableName: "conversation_note",
  properties: {
    id: p.uuid().primary(),
    orgId: p.uuid(),
    conversationId: p.uuid(),
    /** The user who wrote it; only they may edit or delete it. */
    authorId: p.text(),
    body: p.text(),
    createdAt: p.datetime().columnType("timestamptz"),
    editedAt: p.datetime().columnType("timestamptz").nullable(),
    deletedAt: p.datetime().columnType("timestamptz").nullable(),
  },
  indexes: [
    {
      name: "conversation_note_conversation_idx",
      properties: ["orgId", "conversationId", "createdAt"],
    },
  ],
});
export type ConversationNoteRow = InferEntity<typeof ConversationNote>;
