import type { ErasedTable } from "../projections/evolve-rows.js";
import { sidKeyOf } from "../projections/message-ids.js";
import type { ContactErasure, MessageRecord, RowPut } from "../projections/rows.js";
import { addRowKeysOf, emptyRowKeys, type RowKeys } from "./row-keys.js";
import { ReadModelWorkspace } from "./workspace.js";

/**
 * The keys of every message a rebuild has written to its fresh table (by id and by
 * `sidKeyOf(orgId, providerSid)`), as a Bloom filter: it may say a key was written when it was
 * not (then a lookup in the table finds nothing), never the reverse. About 2.4 bytes per message
 * at one false positive in 10,000, however long the stream.
 */
export class WrittenKeys {
  private readonly bits: Uint32Array;
  private readonly size: number;
  private readonly hashes: number;

  constructor(expectedKeys: number, falsePositiveRate = 1e-4) {
    const n = Math.max(expectedKeys, 1024);
    this.size = Math.ceil((-n * Math.log(falsePositiveRate)) / Math.LN2 ** 2);
    this.hashes = Math.max(1, Math.round((this.size / n) * Math.LN2));
    this.bits = new Uint32Array(Math.ceil(this.size / 32));
  }

  /** Two 32-bit hashes of the key (FNV-1a, and a multiplicative one) for double hashing. */
  private positions(key: string, visit: (bit: number) => boolean | undefined): boolean {
    let a = 0x811c9dc5;
    let b = 0x9747b28c;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    b |= 1;
    for (let i = 0; i < this.hashes; i++) {
      const bit = ((a + Math.imul(i, b)) >>> 0) % this.size;
      if (visit(bit) === false) return false;
    }
    return true;
  }

  add(key: string): void {
    this.positions(key, (bit) => {
      this.bits[bit >>> 5] = (this.bits[bit >>> 5] ?? 0) | (1 << (bit & 31));
      return true;
    });
  }

  mayHave(key: string): boolean {
    return this.positions(key, (bit) => ((this.bits[bit >>> 5] ?? 0) & (1 << (bit & 31))) !== 0);
  }
}

/** A batch's messages, as the rebuild writes them: new ones by COPY, ones read back from its table by upsert. */
export interface TakenMessages {
  fresh: MessageRecord[];
  stored: MessageRecord[];
  erasedContacts: ContactErasure[];
}

/** Message keys of a batch that the fresh table may hold and the workspace does not. */
export interface MissingMessageKeys {
  ids: string[];
  /** One org's MessageSids: `[orgId, providerSid]`. */
  sids: [string, string][];
}

/**
 * A rebuild's workspace with bounded memory (docs/decisions/024). The aggregates (chat accounts,
 * contacts, conversations, pending statuses: as many as the conversations, not the events) stay
 * in memory to the end, as in `ReadModelWorkspace`. Messages (one or more per event) do not: after
 * each batch the changed ones are taken (`takeMessages`) and written, and only the most recent
 * `keepMessages` stay in memory. A message a later event reads that is no longer in memory is
 * read back from the fresh table first (`missingMessageKeys`, `rememberStored`), the keys of the
 * batch being the same the live projector loads (`addRowKeysOf`), so the fold sees exactly the
 * rows it would see with everything in memory. An erasure removes the messages in memory here
 * and, through its SQL, those already written.
 */
export class RebuildWorkspace extends ReadModelWorkspace {
  /** Messages changed since the last `takeMessages`. */
  private readonly changedMessages = new Set<string>();
  /** Messages in memory that the fresh table holds (written, or read back). */
  private readonly storedMessages = new Set<string>();

  constructor(
    private readonly written: WrittenKeys,
    private readonly keepMessages: number,
  ) {
    super();
  }

  override put(change: RowPut): void {
    if (change.table !== "message") {
      super.put(change);
      return;
    }
    this.remember(change);
    this.changedMessages.add(change.row.id);
  }

  override forget(table: ErasedTable, key: string): void {
    super.forget(table, key);
    if (table === "message") {
      this.changedMessages.delete(key);
      this.storedMessages.delete(key);
    }
  }

  /** Puts a message read back from the fresh table (not a change). */
  rememberStored(row: MessageRecord): void {
    this.remember({ table: "message", row });
    this.storedMessages.add(row.id);
  }

  /** The message keys the events read that are not in memory but may be in the fresh table. */
  missingMessageKeys(events: Iterable<Parameters<typeof addRowKeysOf>[1]>, into: MissingMessageKeys): void {
    for (const event of events) {
      const keys: RowKeys = addRowKeysOf(emptyRowKeys(), event);
      for (const id of keys.messageIds) {
        if (!this.messages.has(id) && this.written.mayHave(id)) into.ids.push(id);
      }
      for (const [key, { orgId, providerSid }] of keys.providerSids) {
        if (!this.messageIdsBySid.has(key) && this.written.mayHave(key)) into.sids.push([orgId, providerSid]);
      }
    }
  }

  /**
   * The messages changed since the last call (final state, one per id), split into those the
   * fresh table does not hold yet and those it does, with the erasures to run before them; then
   * drops the oldest messages beyond `keepMessages` from memory.
   */
  takeMessages(): TakenMessages {
    const taken: TakenMessages = { fresh: [], stored: [], erasedContacts: this.takeChanged().erasedContacts };
    for (const id of this.changedMessages) {
      const row = this.messages.get(id);
      if (!row) continue;
      if (this.storedMessages.has(id)) taken.stored.push(row);
      else {
        taken.fresh.push(row);
        this.storedMessages.add(id);
        this.written.add(id);
        if (row.providerSid) this.written.add(sidKeyOf(row.orgId, row.providerSid));
      }
    }
    this.changedMessages.clear();
    let excess = this.messages.size - this.keepMessages;
    for (const [id, row] of this.messages) {
      if (excess-- <= 0) break;
      this.messages.delete(id);
      this.storedMessages.delete(id);
      const sidKey = row.providerSid ? sidKeyOf(row.orgId, row.providerSid) : undefined;
      if (sidKey !== undefined && this.messageIdsBySid.get(sidKey) === id) this.messageIdsBySid.delete(sidKey);
    }
    return taken;
  }
}
