import { type CloudpaNames, isUuid, type Keyring, parseEventSubject } from "@cloudpa/contracts";
import type { JetStreamClient } from "@nats-io/jetstream";
import type { ConversationRecord } from "../projections/rows.js";
import { READ_MODEL_SCHEMA } from "../schema-name.js";
import { loadRows, readCheckpoint } from "../store/read-model-store.js";
import { addRowKeysOf, emptyRowKeys } from "../store/row-keys.js";
import { selectRows } from "../store/row-sql.js";
import { quoteIdent, type SqlRunner } from "../store/sql-runner.js";
import { conversationTable } from "../store/table-specs.js";
import { ReadModelWorkspace } from "../store/workspace.js";
import type { CheckedEvent } from "./checked-event.js";
import { type ProducedRow, producedRowOf } from "./produced-row.js";
import { readCheckedEvents } from "./read-checked-events.js";

export interface QuarantineNote {
  reasonCode: string;
  reason: string;
  at: string;
}

export interface HistoryEntry extends CheckedEvent {
  /** The read-model row the event produced, as it stands now; null when there is none. */
  row: ProducedRow | null;
  /** Why the projector set the event aside, when it did. */
  quarantine: QuarantineNote | null;
  /** Whether the projection's checkpoint covers the event (false: not projected yet). */
  projected: boolean;
}

export interface ConversationHistory {
  conversationId: string;
  /** The org asked for; null when the history was read across orgs. */
  orgId: string | null;
  stream: string;
  /** The read model's checkpoint when the rows were read: the furthest of the conversation's partition (and the whole stream's). */
  checkpoint: number;
  entries: HistoryEntry[];
  /** The conversation's row now, per org that has one (normally exactly one). */
  conversations: ConversationRecord[];
}

export interface ConversationHistoryInput {
  js: JetStreamClient;
  names: CloudpaNames;
  db: SqlRunner;
  keyring: Keyring;
  conversationId: string;
  /** Narrows the history to one org; every org's events of that conversation id otherwise. */
  orgId?: string;
  schema?: string;
  onProgress?: (read: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Every event of one conversation in stream order, each verified, with the read-model row it
 * produced, whether it was projected or set aside, and the conversation's row at the end:
 * the answer to "where is this customer's message?". The CLI and the web's admin pages both
 * call this, so they show the same thing.
 */
export async function conversationHistory(input: ConversationHistoryInput): Promise<ConversationHistory> {
  // Both ids become subject tokens: anything but a UUID could widen the filter.
  if (!isUuid(input.conversationId)) throw new Error(`not a conversation id: ${input.conversationId}`);
  if (input.orgId !== undefined && !isUuid(input.orgId)) throw new Error(`not an org id: ${input.orgId}`);
  const schema = input.schema ?? READ_MODEL_SCHEMA;
  const checked = await readCheckedEvents(input.js, {
    stream: input.names.eventsStream,
    // Both subject formats: a stream migrated to partitions keeps its events from before (docs/decisions/019).
    filterSubject: input.names.conversationEventsFilters(input.orgId ?? "*", input.conversationId),
    keyring: input.keyring,
    onProgress: input.onProgress,
    signal: input.signal,
  });

  const keys = emptyRowKeys();
  for (const entry of checked) if (entry.event) addRowKeysOf(keys, entry.event);
  const rows = new ReadModelWorkspace();
  await loadRows(input.db, schema, rows, keys);
  const quarantined = await quarantineNotes(
    input.db,
    schema,
    checked.map((entry) => entry.seq),
  );
  // An event is projected when its partition's checkpoint covers it; one from before partitions
  // (no token) when the whole stream's does (docs/decisions/019).
  const partitionOfEntry = (entry: CheckedEvent) => parseEventSubject(entry.subject)?.partition ?? null;
  const checkpoints = new Map<number | null, number>();
  for (const partition of new Set(checked.map(partitionOfEntry))) {
    checkpoints.set(partition, await readCheckpoint(input.db, schema, partition === null ? {} : { partition }));
  }
  const checkpoint =
    checkpoints.size > 0
      ? Math.max(...checkpoints.values())
      : await readCheckpoint(input.db, schema, { partition: "furthest" });
  const conversations = await selectRows(
    input.db,
    schema,
    conversationTable,
    input.orgId === undefined ? "id = $1" : "id = $1 and org_id = $2",
    input.orgId === undefined ? [input.conversationId] : [input.conversationId, input.orgId],
  );
  return {
    conversationId: input.conversationId,
    orgId: input.orgId ?? null,
    stream: input.names.eventsStream,
    checkpoint,
    entries: checked.map((entry) => ({
      ...entry,
      row: (entry.event && producedRowOf(entry.event, rows)) ?? null,
      quarantine: quarantined.get(entry.seq) ?? null,
      projected: entry.seq <= (checkpoints.get(partitionOfEntry(entry)) ?? 0),
    })),
    conversations,
  };
}

async function quarantineNotes(db: SqlRunner, schema: string, seqs: number[]): Promise<Map<number, QuarantineNote>> {
  if (seqs.length === 0) return new Map();
  const { rows } = await db.query(
    `select seq, reason_code, reason, at from ${quoteIdent(schema)}.quarantine where seq = any($1::bigint[])`,
    [seqs],
  );
  return new Map(
    rows.map((row) => [
      Number(row.seq),
      { reasonCode: row.reason_code, reason: row.reason, at: new Date(row.at).toISOString() },
    ]),
  );
}

export interface ConversationRef {
  orgId: string;
  conversationId: string;
  /** Where the MessageSid was found. */
  foundIn: "message" | "pending_status" | "quarantine";
}

/**
 * The conversations a MessageSid belongs to (one per org at most): from its message, a status
 * still waiting for it, or a quarantined event that carries it, so a message that never made it
 * into the inbox is found too.
 */
export async function conversationsOfMessageSid(
  db: SqlRunner,
  messageSid: string,
  schema = READ_MODEL_SCHEMA,
): Promise<ConversationRef[]> {
  const s = quoteIdent(schema);
  const { rows } = await db.query(
    `select org_id::text, conversation_id::text, null as subject, 'message' as found_in from ${s}.message where provider_sid = $1
     union
     select org_id::text, conversation_id::text, null, 'pending_status' from ${s}.pending_status where provider_sid = $1
     union
     select null, null, subject, 'quarantine'
       from ${s}.quarantine where position(convert_to($1, 'UTF8') in payload) > 0`,
    [messageSid],
  );
  const refs = new Map<string, ConversationRef>();
  for (const row of rows) {
    // A quarantined event's org and conversation are in its subject, in either format (decision 019).
    const parts = row.subject === null ? null : parseEventSubject(row.subject);
    const about = parts?.about.kind === "conversation" ? parts.about.conversationId : "";
    const ref: ConversationRef = {
      orgId: parts ? parts.orgId : row.org_id,
      conversationId: parts ? about : row.conversation_id,
      foundIn: row.found_in,
    };
    // A quarantined event's subject names its conversation only when it is one (not a channel event).
    if (!isUuid(ref.orgId) || !isUuid(ref.conversationId)) continue;
    const key = `${ref.orgId}|${ref.conversationId}`;
    if (!refs.has(key)) refs.set(key, ref);
  }
  return [...refs.values()];
}
