import type { ErasedTable, EvolvingRows } from "../projections/evolve-rows.js";
import { sidKeyOf } from "../projections/message-ids.js";
import type {
  ChatAccountRecord,
  ContactErasure,
  ContactRecord,
  ConversationNoteRecord,
  ConversationRecord,
  LabelKey,
  LabelRecord,
  MessageRecord,
  PendingStatusKey,
  PendingStatusRecord,
  RowLookup,
  RowPut,
  SavedReplyRecord,
} from "../projections/rows.js";
import { sameFlatRow } from "../projections/rows.js";

/** Rows changed since the last `takeChanged()`, final state only (one put per key). */
export interface ChangedRows {
  chatAccounts: ChatAccountRecord[];
  contacts: ContactRecord[];
  conversations: ConversationRecord[];
  labels: LabelRecord[];
  /** Labels deleted: deleted in SQL, with their ids taken off their org's conversations, before the rows above are written. */
  deletedLabels: LabelKey[];
  notes: ConversationNoteRecord[];
  messages: MessageRecord[];
  pendingStatuses: PendingStatusRecord[];
  deletedPendingStatuses: PendingStatusKey[];
  savedReplies: SavedReplyRecord[];
  /** Contacts erased, with their conversations: deleted in SQL before any row above is written. */
  erasedContacts: ContactErasure[];
}

export function phoneKeyOf(orgId: string, provider: string, externalPhoneId: string): string {
  return `${orgId}|${provider}|${externalPhoneId}`;
}

/**
 * The rows a batch (or a whole rebuild) works on, in memory: the read model decider's state
 * (`readModelDecider`, folded by `foldEvent`). It holds the rows (those loaded, `remember`, and
 * those changed), answers the projections' lookups (RowLookup), and tracks which rows changed,
 * so the final state of each is written once per batch (`takeChanged`). What a change does to
 * the rows is the decider's `evolve` (`evolveRows`), not here. A rebuild's workspace starts
 * empty (an empty schema: what is not here does not exist); the live projector's loads each
 * batch's rows first.
 */
export class ReadModelWorkspace implements RowLookup, EvolvingRows {
  readonly chatAccounts = new Map<string, ChatAccountRecord>();
  readonly chatAccountIdsByPhone = new Map<string, string>();
  readonly contacts = new Map<string, ContactRecord>();
  readonly conversations = new Map<string, ConversationRecord>();
  readonly labels = new Map<string, LabelRecord>();
  readonly messages = new Map<string, MessageRecord>();
  readonly notes = new Map<string, ConversationNoteRecord>();
  /** By `sidKeyOf(orgId, providerSid)`. */
  readonly messageIdsBySid = new Map<string, string>();
  /** By `sidKeyOf(orgId, providerSid)`. */
  readonly pendingStatuses = new Map<string, PendingStatusRecord>();
  readonly savedReplies = new Map<string, SavedReplyRecord>();
  private changed = {
    chatAccounts: new Set<string>(),
    contacts: new Set<string>(),
    conversations: new Set<string>(),
    labels: new Set<string>(),
    deletedLabels: new Map<string, LabelKey>(),
    notes: new Set<string>(),
    messages: new Set<string>(),
    pendingStatuses: new Set<string>(),
    deletedPendingStatuses: new Map<string, PendingStatusKey>(),
    savedReplies: new Set<string>(),
    erasedContacts: new Map<string, ContactErasure>(),
  };

  chatAccount(id: string) {
    return this.chatAccounts.get(id);
  }
  chatAccountByPhone(orgId: string, provider: string, externalPhoneId: string) {
    const id = this.chatAccountIdsByPhone.get(phoneKeyOf(orgId, provider, externalPhoneId));
    return id === undefined ? undefined : this.chatAccounts.get(id);
  }
  contact(id: string) {
    return this.contacts.get(id);
  }
  conversation(id: string) {
    return this.conversations.get(id);
  }
  label(id: string) {
    return this.labels.get(id);
  }
  message(id: string) {
    return this.messages.get(id);
  }
  note(id: string) {
    return this.notes.get(id);
  }
  messageBySid(orgId: string, providerSid: string) {
    const id = this.messageIdsBySid.get(sidKeyOf(orgId, providerSid));
    return id === undefined ? undefined : this.messages.get(id);
  }
  pendingStatus(orgId: string, providerSid: string) {
    return this.pendingStatuses.get(sidKeyOf(orgId, providerSid));
  }
  savedReply(id: string) {
    return this.savedReplies.get(id);
  }

  /** Puts a row read from the database (not a change). */
  remember(change: RowPut): void {
    switch (change.table) {
      case "chat_account":
        this.chatAccounts.set(change.row.id, change.row);
        this.chatAccountIdsByPhone.set(
          phoneKeyOf(change.row.orgId, change.row.provider, change.row.externalPhoneId),
          change.row.id,
        );
        return;
      case "contact":
        this.contacts.set(change.row.id, change.row);
        return;
      case "conversation":
        this.conversations.set(change.row.id, change.row);
        return;
      case "label":
        this.labels.set(change.row.id, change.row);
        return;
      case "conversation_note":
        this.notes.set(change.row.id, change.row);
        return;
      case "message":
        this.messages.set(change.row.id, change.row);
        if (change.row.providerSid)
          this.messageIdsBySid.set(sidKeyOf(change.row.orgId, change.row.providerSid), change.row.id);
        return;
      case "pending_status":
        this.pendingStatuses.set(sidKeyOf(change.row.orgId, change.row.providerSid), change.row);
        return;
      case "saved_reply":
        this.savedReplies.set(change.row.id, change.row);
        return;
      default: {
        const unhandled: never = change;
        throw new Error(`unknown table ${(unhandled as { table: string }).table}`);
      }
    }
  }

  put(change: RowPut): void {
    // A known customer writing again puts their contact as it is: no change, so not written again.
    if (change.table === "contact" && sameFlatRow(this.contacts.get(change.row.id), change.row)) return;
    this.remember(change);
    switch (change.table) {
      case "chat_account":
        this.changed.chatAccounts.add(change.row.id);
        return;
      case "contact":
        this.changed.contacts.add(change.row.id);
        return;
      case "conversation":
        this.changed.conversations.add(change.row.id);
        return;
      case "label":
        // A label deleted earlier in the batch stays deleted in SQL first (its id off every
        // conversation), then this row is written.
        this.changed.labels.add(change.row.id);
        return;
      case "conversation_note":
        this.changed.notes.add(change.row.id);
        return;
      case "message":
        this.changed.messages.add(change.row.id);
        return;
      case "pending_status": {
        const key = sidKeyOf(change.row.orgId, change.row.providerSid);
        this.changed.pendingStatuses.add(key);
        this.changed.deletedPendingStatuses.delete(key);
        return;
      }
      case "saved_reply":
        this.changed.savedReplies.add(change.row.id);
        return;
      default: {
        const unhandled: never = change;
        throw new Error(`unknown table ${(unhandled as { table: string }).table}`);
      }
    }
  }

  deletePendingStatus(deleted: PendingStatusKey): void {
    const key = sidKeyOf(deleted.orgId, deleted.providerSid);
    this.pendingStatuses.delete(key);
    this.changed.pendingStatuses.delete(key);
    this.changed.deletedPendingStatuses.set(key, deleted);
  }

  deleteLabel(deleted: LabelKey): void {
    this.labels.delete(deleted.labelId);
    this.changed.labels.delete(deleted.labelId);
    this.changed.deletedLabels.set(deleted.labelId, deleted);
  }

  forget(table: ErasedTable, key: string): void {
    switch (table) {
      case "contact":
        this.contacts.delete(key);
        this.changed.contacts.delete(key);
        return;
      case "conversation":
        this.conversations.delete(key);
        this.changed.conversations.delete(key);
        return;
      case "conversation_note":
        this.notes.delete(key);
        this.changed.notes.delete(key);
        return;
      case "message": {
        const message = this.messages.get(key);
        this.messages.delete(key);
        this.changed.messages.delete(key);
        if (message?.providerSid) this.messageIdsBySid.delete(sidKeyOf(message.orgId, message.providerSid));
        return;
      }
      case "pending_status":
        this.pendingStatuses.delete(key);
        this.changed.pendingStatuses.delete(key);
        this.changed.deletedPendingStatuses.delete(key);
        return;
      default: {
        const unhandled: never = table;
        throw new Error(`unknown table ${unhandled}`);
      }
    }
  }

  noteErasure(erasure: ContactErasure): void {
    const key = `${erasure.orgId}|${erasure.contactId}`;
    const earlier = this.changed.erasedContacts.get(key);
    this.changed.erasedContacts.set(key, {
      ...erasure,
      conversationIds: [...new Set([...(earlier?.conversationIds ?? []), ...erasure.conversationIds])],
    });
  }

  hasChanges(): boolean {
    return Object.values(this.changed).some((keys) => keys.size > 0);
  }

  takeChanged(): ChangedRows {
    const pick = <T>(keys: Set<string>, rows: Map<string, T>) =>
      [...keys].map((key) => rows.get(key)).filter((row): row is T => row !== undefined);
    const taken: ChangedRows = {
      chatAccounts: pick(this.changed.chatAccounts, this.chatAccounts),
      contacts: pick(this.changed.contacts, this.contacts),
      conversations: pick(this.changed.conversations, this.conversations),
      labels: pick(this.changed.labels, this.labels),
      deletedLabels: [...this.changed.deletedLabels.values()],
      notes: pick(this.changed.notes, this.notes),
      messages: pick(this.changed.messages, this.messages),
      pendingStatuses: pick(this.changed.pendingStatuses, this.pendingStatuses),
      deletedPendingStatuses: [...this.changed.deletedPendingStatuses.values()],
      savedReplies: pick(this.changed.savedReplies, this.savedReplies),
      erasedContacts: [...this.changed.erasedContacts.values()],
    };
    for (const keys of Object.values(this.changed)) keys.clear();
    return taken;
  }
}
