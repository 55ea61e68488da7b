import type {
  ContactErasure,
  ContactRecord,
  ConversationNoteRecord,
  ConversationRecord,
  LabelKey,
  MessageRecord,
  PendingStatusKey,
  PendingStatusRecord,
  RowChange,
  RowPut,
} from "./rows.js";

/** The tables whose rows an erasure removes. */
export type ErasedTable = "contact" | "conversation" | "conversation_note" | "message" | "pending_status";

/**
 * The rows the read model's decider evolves, held in memory (the projector's workspace), with
 * what each change does to a table and to the write that follows (the workspace notes it).
 */
export interface EvolvingRows {
  readonly contacts: ReadonlyMap<string, ContactRecord>;
  readonly conversations: ReadonlyMap<string, ConversationRecord>;
  readonly messages: ReadonlyMap<string, MessageRecord>;
  readonly notes: ReadonlyMap<string, ConversationNoteRecord>;
  /** By `sidKeyOf(orgId, providerSid)`. */
  readonly pendingStatuses: ReadonlyMap<string, PendingStatusRecord>;
  /** Puts a changed row, to be written. */
  put(change: RowPut): void;
  /** Deletes a pending status, to be deleted in SQL. */
  deletePendingStatus(key: PendingStatusKey): void;
  /** Deletes a label, to be deleted in SQL with its id taken off every conversation of its org. */
  deleteLabel(key: LabelKey): void;
  /** Forgets a row an erasure removes (a pending status by its sid key): the erasure's SQL deletes it. */
  forget(table: ErasedTable, key: string): void;
  /** Records an erasure for the SQL, with every conversation it removes. */
  noteErasure(erasure: ContactErasure): void;
}

/**
 * The read model's `evolve` (decision 017): folds one row change into the rows. A put replaces
 * the row, a deleted pending status goes, and an erasure removes the contact, its conversations
 * (those named and any other of the contact's held here) and every message, note and pending
 * status of them. A rebuild holds every row, so an erasure scans the messages: erasures are rare.
 */
export function evolveRows<Rows extends EvolvingRows>(rows: Rows, change: RowChange): Rows {
  if ("erased" in change) eraseContact(rows, change.erased);
  else if ("deleted" in change) rows.deletePendingStatus(change.deleted);
  else if ("labelDeleted" in change) deleteLabel(rows, change.labelDeleted);
  else rows.put(change);
  return rows;
}

/**
 * A deleted label goes from every conversation of its org held here (the SQL takes it off those
 * only in the database), then the label itself.
 */
function deleteLabel(rows: EvolvingRows, key: LabelKey): void {
  for (const conversation of rows.conversations.values()) {
    if (conversation.orgId === key.orgId && conversation.labelIds.includes(key.labelId)) {
      rows.put({
        table: "conversation",
        row: { ...conversation, labelIds: conversation.labelIds.filter((id) => id !== key.labelId) },
      });
    }
  }
  rows.deleteLabel(key);
}

function eraseContact(rows: EvolvingRows, erasure: ContactErasure): void {
  const { orgId, contactId } = erasure;
  const conversationIds = new Set(erasure.conversationIds);
  for (const conversation of rows.conversations.values())
    if (conversation.orgId === orgId && conversation.contactId === contactId) conversationIds.add(conversation.id);
  const ofContact = (row: { orgId: string; conversationId: string }) =>
    row.orgId === orgId && conversationIds.has(row.conversationId);
  for (const [id, message] of rows.messages) if (ofContact(message)) rows.forget("message", id);
  for (const [id, note] of rows.notes) if (ofContact(note)) rows.forget("conversation_note", id);
  for (const [key, pending] of rows.pendingStatuses) if (ofContact(pending)) rows.forget("pending_status", key);
  for (const id of conversationIds) if (rows.conversations.get(id)?.orgId === orgId) rows.forget("conversation", id);
  if (rows.contacts.get(contactId)?.orgId === orgId) rows.forget("contact", contactId);
  rows.noteErasure({ orgId, contactId, conversationIds: [...conversationIds] });
}
