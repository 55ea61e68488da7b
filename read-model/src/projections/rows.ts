import type { InferEntity } from "@mikro-orm/core";
import type { ChatAccount } from "../entities/chat-account.entity.js";
import type { Contact } from "../entities/contact.entity.js";
import type { Conversation } from "../entities/conversation.entity.js";
import type { ConversationNote } from "../entities/conversation-note.entity.js";
import type { Label } from "../entities/label.entity.js";
import type { Message } from "../entities/message.entity.js";
import type { PendingStatus } from "../entities/pending-status.entity.js";
import type { SavedReply } from "../entities/saved-reply.entity.js";

/**
 * A table's row as plain data, derived from its entity (the one declaration of the table): every
 * property present, a nullable one as `null`, without MikroORM's marker keys.
 */
export type RowOf<Entity> = {
  [K in keyof InferEntity<Entity> as K extends string ? K : never]-?: Exclude<InferEntity<Entity>[K], undefined>;
};

/** The read model's rows as the pure projections see them (one type per table). */
export type ChatAccountRecord = RowOf<typeof ChatAccount>;
export type ContactRecord = RowOf<typeof Contact>;
export type ConversationRecord = RowOf<typeof Conversation>;
export type LabelRecord = RowOf<typeof Label>;
export type ConversationNoteRecord = RowOf<typeof ConversationNote>;
export type MessageRecord = RowOf<typeof Message>;
export type PendingStatusRecord = RowOf<typeof PendingStatus>;
export type SavedReplyRecord = RowOf<typeof SavedReply>;

/** What a projection may read: the current rows it needs, by key. */
export interface RowLookup {
  chatAccount(id: string): ChatAccountRecord | undefined;
  chatAccountByPhone(orgId: string, provider: string, externalPhoneId: string): ChatAccountRecord | undefined;
  contact(id: string): ContactRecord | undefined;
  conversation(id: string): ConversationRecord | undefined;
  label(id: string): LabelRecord | undefined;
  note(id: string): ConversationNoteRecord | undefined;
  message(id: string): MessageRecord | undefined;
  messageBySid(orgId: string, providerSid: string): MessageRecord | undefined;
  pendingStatus(orgId: string, providerSid: string): PendingStatusRecord | undefined;
  savedReply(id: string): SavedReplyRecord | undefined;
}

/**
 * A row change: put (insert or replace) a whole row, delete a pending status, delete a label (and
 * take it off every conversation of its org), or erase a contact with every row of its conversations.
 */
export type RowChange =
  | { table: "chat_account"; row: ChatAccountRecord }
  | { table: "contact"; row: ContactRecord }
  | { table: "conversation"; row: ConversationRecord }
  | { table: "label"; row: LabelRecord }
  | { table: "conversation_note"; row: ConversationNoteRecord }
  | { table: "message"; row: MessageRecord }
  | { table: "pending_status"; row: PendingStatusRecord }
  | { table: "saved_reply"; row: SavedReplyRecord }
  | { table: "pending_status"; deleted: PendingStatusKey }
  | { labelDeleted: LabelKey }
  | { erased: ContactErasure };

/** A change that puts a whole row (and a row loaded from the database, remembered as one). */
export type RowPut = Extract<RowChange, { row: unknown }>;

/**
 * A contact of one org and its conversations, erased: the contact, the conversations, their
 * messages, notes, pending statuses and quarantined events go, whatever the batch loaded of them.
 */
export interface ContactErasure {
  orgId: string;
  contactId: string;
  conversationIds: string[];
}

/** A label of one org. */
export interface LabelKey {
  orgId: string;
  labelId: string;
}

/** A pending status is one org's MessageSid. */
export interface PendingStatusKey {
  orgId: string;
  providerSid: string;
}

/** An event the read model cannot hold; the projector quarantines it with this code. */
export interface ProjectionRejection {
  code: `PROJECTION.${string}`;
  reason: string;
}

export type ProjectionResult = { changes: RowChange[] } | { rejected: ProjectionRejection };

export const unchanged: ProjectionResult = { changes: [] };

export function rejected(code: ProjectionRejection["code"], reason: string): ProjectionResult {
  return { rejected: { code, reason } };
}

/**
 * Whether two rows hold the same values: text, numbers and timestamps by value, anything else (a
 * row's label ids) by reference, the same one when a change carries it over.
 */
export function sameFlatRow<R extends object>(stored: R | undefined, row: R): boolean {
  if (stored === undefined) return false;
  const keys = Object.keys(row) as (keyof R)[];
  if (keys.length !== Object.keys(stored).length) return false;
  return keys.every((key) => {
    const a = stored[key];
    const b = row[key];
    return a === b || (a instanceof Date && b instanceof Date && a.getTime() === b.getTime());
  });
}
