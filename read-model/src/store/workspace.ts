import type { CloudpaEvent } from "@cloudpa/contracts";
import { sidKeyOf } from "../projections/message-ids.js";
import { projectEvent } from "../projections/project-event.js";
import type {
  ChatAccountRecord,
  ContactErasure,
  ContactRecord,
  ConversationRecord,
  MessageRecord,
  PendingStatusKey,
  PendingStatusRecord,
  ProjectionResult,
  RowChange,
  RowLookup,
} from "../projections/rows.js";

/** Rows changed since the last `takeChanged()`, final state only (one put per key). */
export interface ChangedRows {
  chatAccounts: ChatAccountRecord[];
  contacts: ContactRecord[];
  conversations: ConversationRecord[];
  messages: MessageRecord[];
  pendingStatuses: PendingStatusRecord[];
  deletedPendingStatuses: PendingStatusKey[];
  /** Contacts erased, with their conversations: deleted in SQL before any row above is written. */
  erasedContacts: ContactErasure[];
}

export function phoneKeyOf(orgId: string, provider: string, externalPhoneId: string): string {
  return `${orgId}|${provider}|${externalPhoneId}`;
}

/**
 * The rows a batch (or a whole rebuild) works on, in memory. The pure projections read it
 * through RowLookup; their changes are folded in, and the final state of every changed row
 * is written once per batch. A rebuild's workspace starts `complete` (an empty schema: what
 * is not here does not exist); the live projector's loads each batch's rows first.
 */
export class ReadModelWorkspace implements RowLookup {
  readonly chatAccounts = new Map<string, ChatAccountRecord>();
  readonly chatAccountIdsByPhone = new Map<string, string>();
  readonly contacts = new Map<string, ContactRecord>();
  readonly conversations = new Map<string, ConversationRecord>();
  readonly messages = new Map<string, MessageRecord>();
  /** By `sidKeyOf(orgId, providerSid)`. */
  readonly messageIdsBySid = new Map<string, string>();
  /** By `sidKeyOf(orgId, providerSid)`. */
  readonly pendingStatuses = new Map<string, PendingStatusRecord>();
  private changed = {
    chatAccounts: new Set<string>(),
    contacts: new Set<string>(),
    conversations: new Set<string>(),
    messages: new Set<string>(),
    pendingStatuses: new Set<string>(),
    deletedPendingStatuses: new Map<string, PendingStatusKey>(),
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
  message(id: string) {
    return this.messages.get(id);
  }
  messageBySid(orgId: string, providerSid: string) {
    const id = this.messageIdsBySid.get(sidKeyOf(orgId, providerSid));
    return id === undefined ? undefined : this.messages.get(id);
  }
  pendingStatus(orgId: string, providerSid: string) {
    return this.pendingStatuses.get(sidKeyOf(orgId, providerSid));
  }

  /** Puts a row read from the database (not a change). */
  remember(change: RowChange): void {
    if ("deleted" in change || "erased" in change) return;
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
      case "message":
        this.messages.set(change.row.id, change.row);
        if (change.row.providerSid)
          this.messageIdsBySid.set(sidKeyOf(change.row.orgId, change.row.providerSid), change.row.id);
        return;
      case "pending_status":
        this.pendingStatuses.set(sidKeyOf(change.row.orgId, change.row.providerSid), change.row);
        return;
      default: {
        const unhandled: never = change;
        throw new Error(`unknown table ${(unhandled as { table: string }).table}`);
      }
    }
  }

  apply(changes: RowChange[]): void {
    for (const change of changes) {
      if ("erased" in change) {
        this.erase(change.erased);
        continue;
      }
      if ("deleted" in change) {
        const key = sidKeyOf(change.deleted.orgId, change.deleted.providerSid);
        this.pendingStatuses.delete(key);
        this.changed.pendingStatuses.delete(key);
        this.changed.deletedPendingStatuses.set(key, change.deleted);
        continue;
      }
      this.remember(change);
      switch (change.table) {
        case "chat_account":
          this.changed.chatAccounts.add(change.row.id);
          break;
        case "contact":
          this.changed.contacts.add(change.row.id);
          break;
        case "conversation":
          this.changed.conversations.add(change.row.id);
          break;
        case "message":
          this.changed.messages.add(change.row.id);
          break;
        case "pending_status":
          this.changed.pendingStatuses.add(sidKeyOf(change.row.orgId, change.row.providerSid));
          this.changed.deletedPendingStatuses.delete(sidKeyOf(change.row.orgId, change.row.providerSid));
          break;
        default: {
          const unhandled: never = change;
          throw new Error(`unknown table ${(unhandled as { table: string }).table}`);
        }
      }
    }
  }

  /**
   * Forgets the contact, its conversations (those named and any other of the contact's held here)
   * and every message and pending status of them, and records the erasure for the SQL. A rebuild's
   * workspace holds every row, so this scans the messages: erasures are rare.
   */
  private erase(erasure: ContactErasure): void {
    const { orgId, contactId } = erasure;
    const conversationIds = new Set(erasure.conversationIds);
    for (const conversation of this.conversations.values())
      if (conversation.orgId === orgId && conversation.contactId === contactId) conversationIds.add(conversation.id);
    const ofContact = (row: { orgId: string; conversationId: string }) =>
      row.orgId === orgId && conversationIds.has(row.conversationId);
    for (const [id, message] of this.messages) {
      if (!ofContact(message)) continue;
      this.messages.delete(id);
      this.changed.messages.delete(id);
      if (message.providerSid) this.messageIdsBySid.delete(sidKeyOf(orgId, message.providerSid));
    }
    for (const [key, pending] of this.pendingStatuses) {
      if (!ofContact(pending)) continue;
      this.pendingStatuses.delete(key);
      this.changed.pendingStatuses.delete(key);
      this.changed.deletedPendingStatuses.delete(key);
    }
    for (const id of conversationIds) {
      if (this.conversations.get(id)?.orgId !== orgId) continue;
      this.conversations.delete(id);
      this.changed.conversations.delete(id);
    }
    if (this.contacts.get(contactId)?.orgId === orgId) {
      this.contacts.delete(contactId);
      this.changed.contacts.delete(contactId);
    }
    const key = `${orgId}|${contactId}`;
    const earlier = this.changed.erasedContacts.get(key);
    this.changed.erasedContacts.set(key, {
      orgId,
      contactId,
      conversationIds: [...new Set([...(earlier?.conversationIds ?? []), ...conversationIds])],
    });
  }

  /** Projects one event and folds its changes in; a rejection changes nothing. */
  project(event: CloudpaEvent): ProjectionResult {
    const result = projectEvent(this, event);
    if ("changes" in result) this.apply(result.changes);
    return result;
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
      messages: pick(this.changed.messages, this.messages),
      pendingStatuses: pick(this.changed.pendingStatuses, this.pendingStatuses),
      deletedPendingStatuses: [...this.changed.deletedPendingStatuses.values()],
      erasedContacts: [...this.changed.erasedContacts.values()],
    };
    for (const keys of Object.values(this.changed)) keys.clear();
    return taken;
  }
}
