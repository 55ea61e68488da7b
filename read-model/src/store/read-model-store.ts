import type { QuarantinedEvent } from "../entities/quarantined-event.entity.js";
import { sidKeyOf } from "../projections/message-ids.js";
import type {
  ChatAccountRecord,
  ContactRecord,
  ConversationNoteRecord,
  ConversationRecord,
  LabelRecord,
  MessageRecord,
  PendingStatusRecord,
  RowOf,
  RowPut,
  SavedReplyRecord,
} from "../projections/rows.js";
import { deleteLabelsStatements } from "./delete-label-sql.js";
import { eraseContactsStatements } from "./erase-contact-sql.js";
import type { RowKeys } from "./row-keys.js";
import {
  fieldIn,
  fieldsIn,
  type OnConflict,
  rowsOf,
  selectRows,
  selectRowsStatement,
  writeRowsStatement,
} from "./row-sql.js";
import { quoteIdent, type SqlRunner } from "./sql-runner.js";
import {
  runStatements,
  type SqlStatement,
  type StatementResult,
  StatementValues,
  statement,
  type ValueMode,
} from "./sql-statement.js";
import { columnOf, type TableSpec } from "./table-spec.js";
import {
  chatAccountTable,
  checkpointTable,
  contactTable,
  conversationNoteTable,
  conversationTable,
  labelTable,
  messageTable,
  pendingStatusTable,
  quarantineTable,
  savedReplyTable,
} from "./table-specs.js";
import type { ChangedRows, ReadModelWorkspace } from "./workspace.js";

/**
 * The selects that load every row the keys name (at most nine, whatever the batch size), and
 * `remember`, which puts their results, in the same order, into a workspace.
 */
export function loadRowsStatements(
  schema: string,
  keys: RowKeys,
  mode: ValueMode,
): { statements: SqlStatement[]; remember(workspace: ReadModelWorkspace, results: StatementResult[]): void } {
  const loads: {
    statement: SqlStatement;
    remember(workspace: ReadModelWorkspace, raw: Record<string, unknown>[]): void;
  }[] = [];
  const load = <R>(spec: TableSpec<R>, where: (values: StatementValues) => string) =>
    loads.push({
      statement: selectRowsStatement(schema, spec, mode, where),
      remember(workspace, raw) {
        // A table spec's table is the workspace's name of it (RowChange's `table`).
        for (const row of rowsOf(spec, raw)) workspace.remember({ table: spec.table, row } as RowPut);
      },
    });
  const phones = [...keys.phones.values()];
  if (keys.chatAccountIds.size + phones.length > 0) {
    load(
      chatAccountTable,
      (v) =>
        `${fieldIn(v, chatAccountTable, "id", [...keys.chatAccountIds])} or ` +
        fieldsIn(
          v,
          chatAccountTable,
          ["orgId", "provider", "externalPhoneId"],
          phones.map((phone) => [phone.orgId, phone.provider, phone.externalPhoneId]),
        ),
    );
  }
  if (keys.contactIds.size > 0) load(contactTable, (v) => fieldIn(v, contactTable, "id", [...keys.contactIds]));
  if (keys.conversationIds.size > 0) {
    load(conversationTable, (v) => fieldIn(v, conversationTable, "id", [...keys.conversationIds]));
  }
  if (keys.noteIds.size > 0) {
    load(conversationNoteTable, (v) => fieldIn(v, conversationNoteTable, "id", [...keys.noteIds]));
  }
  if (keys.labelIds.size > 0) load(labelTable, (v) => fieldIn(v, labelTable, "id", [...keys.labelIds]));
  if (keys.savedReplyIds.size > 0) {
    load(savedReplyTable, (v) => fieldIn(v, savedReplyTable, "id", [...keys.savedReplyIds]));
  }
  // By id and by (org, MessageSid) apart: each select then reads its own unique index (an `or` of
  // the two is one scan of the whole table).
  if (keys.messageIds.size > 0) load(messageTable, (v) => fieldIn(v, messageTable, "id", [...keys.messageIds]));
  const sids = [...keys.providerSids.values()].map(({ orgId, providerSid }) => [orgId, providerSid]);
  if (sids.length > 0) {
    load(messageTable, (v) => fieldsIn(v, messageTable, ["orgId", "providerSid"], sids));
    load(pendingStatusTable, (v) => fieldsIn(v, pendingStatusTable, ["orgId", "providerSid"], sids));
  }
  return {
    statements: loads.map((one) => one.statement),
    remember(workspace, results) {
      loads.forEach((one, at) => {
        one.remember(workspace, (results[at]?.rows ?? []) as Record<string, unknown>[]);
      });
    },
  };
}

/** Loads into the workspace every row the keys name. */
export async function loadRows(
  db: SqlRunner,
  schema: string,
  workspace: ReadModelWorkspace,
  keys: RowKeys,
  mode: ValueMode = "parameters",
): Promise<void> {
  const load = loadRowsStatements(schema, keys, mode);
  load.remember(workspace, await runStatements(db, load.statements));
}

/**
 * The statements that write the final state of every changed row: erasures first (a row the
 * batch made after one, the customer writing again, must stay), then one statement per table.
 */
export function writeChangedRowsStatements(
  schema: string,
  changed: ChangedRows,
  onConflict: OnConflict,
  mode: ValueMode,
): SqlStatement[] {
  const statements = [
    ...eraseContactsStatements(schema, changed.erasedContacts, mode),
    ...deleteLabelsStatements(schema, changed.deletedLabels, mode),
  ];
  const write = <R>(spec: TableSpec<R>, rows: R[]) => {
    if (rows.length > 0) statements.push(writeRowsStatement(schema, spec, rows, onConflict, mode));
  };
  write(chatAccountTable, changed.chatAccounts);
  write(contactTable, changed.contacts);
  write(conversationTable, changed.conversations);
  write(labelTable, changed.labels);
  write(conversationNoteTable, changed.notes);
  write(savedReplyTable, changed.savedReplies);
  write(messageTable, changed.messages);
  const deleted = changed.deletedPendingStatuses;
  if (deleted.length > 0) {
    statements.push(
      statement(
        mode,
        (v) =>
          `delete from ${qualified(schema, pendingStatusTable)} where ` +
          fieldsIn(
            v,
            pendingStatusTable,
            ["orgId", "providerSid"],
            deleted.map((key) => [key.orgId, key.providerSid]),
          ),
      ),
    );
  }
  write(pendingStatusTable, changed.pendingStatuses);
  return statements;
}

/** Writes the final state of every changed row. */
export async function writeChangedRows(
  db: SqlRunner,
  schema: string,
  changed: ChangedRows,
  onConflict: OnConflict = "upsert",
  mode: ValueMode = "parameters",
): Promise<void> {
  await runStatements(db, writeChangedRowsStatements(schema, changed, onConflict, mode));
}

function qualified<R>(schema: string, spec: TableSpec<R>): string {
  return `${quoteIdent(schema)}.${spec.table}`;
}

export const INBOX_PROJECTION = "inbox";

/** The checkpoint's partition that covers the whole stream: an unpartitioned consumer's, and the one from before partitions. */
export const WHOLE_STREAM = -1;

/**
 * Which checkpoint: a partition of the events stream (default the whole stream) of a projection
 * (default the inbox); `furthest`: the greatest of all (the stream sequence the furthest partition reached).
 */
export interface CheckpointKey {
  partition?: number | "furthest";
  projection?: string;
}

/** The partitions whose checkpoints make a partition's position: its own and the whole stream's. */
export function positionPartitions(partition: number): number[] {
  return [...new Set([WHOLE_STREAM, partition])];
}

/**
 * The select of the position a partition's rows include: its checkpoint, or before its first one
 * the whole stream's (from before partitions), whichever is greater; 0 before any. `checkpointOf`
 * reads its result.
 */
export function readCheckpointStatement(schema: string, mode: ValueMode, key: CheckpointKey = {}): SqlStatement {
  const { partition = WHOLE_STREAM } = key;
  const { type } = columnOf(checkpointTable, "partition");
  return statement(mode, (v) =>
    checkpointSelect(
      schema,
      v,
      key.projection,
      partition === "furthest" ? undefined : () => v.array(positionPartitions(partition), type),
    ),
  );
}

/**
 * readCheckpointStatement's select of a partition's position with its partitions written by the
 * caller: `partitions` is the SQL of an integer[] that will hold `positionPartitions(partition)`,
 * a value of the caller's statement, so one text serves every partition (a named statement keeps
 * one text, not one per partition: decision 035).
 */
export function readPositionSqlWith(schema: string, partitions: string): string {
  return checkpointSelect(schema, new StatementValues("literals"), undefined, () => partitions);
}

function checkpointSelect(
  schema: string,
  v: StatementValues,
  projection: string | undefined,
  /** The SQL of the partitions' integer[], rendered after the projection's value (so `$1` stays the projection). */
  partitions: (() => string) | undefined,
): string {
  const { column: lastSeq } = columnOf(checkpointTable, "lastSeq");
  const { column: partition } = columnOf(checkpointTable, "partition");
  const ofProjection = fieldIn(v, checkpointTable, "projection", [projection ?? INBOX_PROJECTION]);
  const ofPartition = partitions === undefined ? "" : ` and ${partition} = any(${partitions()})`;
  return `select coalesce(max(${lastSeq}), 0) as ${lastSeq} from ${qualified(schema, checkpointTable)} where ${ofProjection}${ofPartition}`;
}

/**
 * The select, with a row lock held to the end of the transaction, of a partition's checkpoint and
 * its holder's fencing token: batches of one partition commit one after another, and a batch whose
 * holder was superseded sees the newer token (docs/decisions/020). `checkpointOf` and
 * `leaseEpochOf` read its result.
 */
export function lockCheckpointStatement(
  schema: string,
  stream: string,
  partition: number,
  mode: ValueMode,
  projection = INBOX_PROJECTION,
): SqlStatement {
  const { column: lastSeq } = columnOf(checkpointTable, "lastSeq");
  const { column: leaseEpoch } = columnOf(checkpointTable, "leaseEpoch");
  return statement(
    mode,
    (v) =>
      `select ${lastSeq}, ${leaseEpoch} from ${qualified(schema, checkpointTable)} where ${fieldIn(v, checkpointTable, "projection", [projection])} and ${fieldIn(v, checkpointTable, "stream", [stream])} and ${fieldIn(v, checkpointTable, "partition", [partition])} for update`,
  );
}

/** The checkpoint in the result of `readCheckpointStatement` or `lockCheckpointStatement`: 0 before any. */
export function checkpointOf(result: StatementResult | undefined): number {
  const row = result?.rows[0];
  return row ? Number(row[columnOf(checkpointTable, "lastSeq").column]) : 0;
}

/** The fencing token in the result of `lockCheckpointStatement`: 0 without a row. */
export function leaseEpochOf(result: StatementResult | undefined): number {
  const row = result?.rows[0];
  return row ? Number(row[columnOf(checkpointTable, "leaseEpoch").column]) : 0;
}

/** The position a partition's rows include (see `readCheckpointStatement`). */
export async function readCheckpoint(db: SqlRunner, schema: string, key: CheckpointKey = {}): Promise<number> {
  const [result] = await runStatements(db, [readCheckpointStatement(schema, "parameters", key)]);
  return checkpointOf(result);
}

/** `readCheckpoint`'s select, to send with other statements (the first row's `last_seq`). */
export function readCheckpointSql(schema: string, key: CheckpointKey = {}): string {
  return readCheckpointStatement(schema, "literals", key).text;
}

/** The upsert of a partition's checkpoint, with the fencing token of the holder that writes it. */
export function writeCheckpointStatement(
  schema: string,
  stream: string,
  lastSeq: number,
  mode: ValueMode,
  key: { partition?: number; projection?: string; leaseEpoch?: number } = {},
): SqlStatement {
  if (!Number.isSafeInteger(lastSeq) || lastSeq < 0) throw new Error(`not a sequence: ${lastSeq}`);
  return writeRowsStatement(
    schema,
    checkpointTable,
    [
      {
        projection: key.projection ?? INBOX_PROJECTION,
        stream,
        partition: key.partition ?? WHOLE_STREAM,
        lastSeq,
        leaseEpoch: key.leaseEpoch ?? 0,
        updatedAt: new Date(),
      },
    ],
    "upsert",
    mode,
  );
}

export async function writeCheckpoint(
  db: SqlRunner,
  schema: string,
  stream: string,
  lastSeq: number,
  key: { partition?: number; projection?: string; leaseEpoch?: number } = {},
): Promise<void> {
  await runStatements(db, [writeCheckpointStatement(schema, stream, lastSeq, "parameters", key)]);
}

/** An event the projector refused, as the quarantine table keeps it (its bytes as they came). */
export type QuarantineEntry = Omit<RowOf<typeof QuarantinedEvent>, "payload"> & { payload: Uint8Array };

/** The insert of quarantined events; one quarantined before (a redelivery) keeps its row. */
export function writeQuarantineStatements(schema: string, entries: QuarantineEntry[], mode: ValueMode): SqlStatement[] {
  return entries.length === 0 ? [] : [writeRowsStatement(schema, quarantineTable, entries, "keep", mode)];
}

/** Quarantined events per insert: one parameter per column each, within Postgres's 65,535 a statement. */
const QUARANTINE_ROWS_PER_STATEMENT = Math.floor(65_535 / quarantineTable.columns.length);

/** Inserts the entries with bound parameters, in as many statements as Postgres's parameter limit needs. */
export async function writeQuarantine(db: SqlRunner, schema: string, entries: QuarantineEntry[]): Promise<void> {
  for (let at = 0; at < entries.length; at += QUARANTINE_ROWS_PER_STATEMENT) {
    const chunk = entries.slice(at, at + QUARANTINE_ROWS_PER_STATEMENT);
    await runStatements(db, writeQuarantineStatements(schema, chunk, "parameters"));
  }
}

/** Every projected row of a schema, each table sorted by key: what tests and rebuild checks compare. */
export interface AllRows {
  chatAccounts: ChatAccountRecord[];
  contacts: ContactRecord[];
  conversations: ConversationRecord[];
  labels: LabelRecord[];
  notes: ConversationNoteRecord[];
  messages: MessageRecord[];
  pendingStatuses: PendingStatusRecord[];
  savedReplies: SavedReplyRecord[];
}

const byKey =
  <T>(key: (row: T) => string) =>
  (rows: Iterable<T>) =>
    [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
const byId = byKey<{ id: string }>((row) => row.id);
const bySid = byKey<PendingStatusRecord>((row) => sidKeyOf(row.orgId, row.providerSid));

export async function readAllRows(db: SqlRunner, schema: string): Promise<AllRows> {
  return {
    chatAccounts: byId(await selectRows(db, schema, chatAccountTable, "true", [])) as ChatAccountRecord[],
    contacts: byId(await selectRows(db, schema, contactTable, "true", [])) as ContactRecord[],
    conversations: byId(await selectRows(db, schema, conversationTable, "true", [])) as ConversationRecord[],
    labels: byId(await selectRows(db, schema, labelTable, "true", [])) as LabelRecord[],
    notes: byId(await selectRows(db, schema, conversationNoteTable, "true", [])) as ConversationNoteRecord[],
    messages: byId(await selectRows(db, schema, messageTable, "true", [])) as MessageRecord[],
    pendingStatuses: bySid(await selectRows(db, schema, pendingStatusTable, "true", [])),
    savedReplies: byId(await selectRows(db, schema, savedReplyTable, "true", [])) as SavedReplyRecord[],
  };
}

/** The same, of a workspace (e.g. the pure fold of a stream). */
export function allRowsOf(workspace: ReadModelWorkspace): AllRows {
  return {
    chatAccounts: byId(workspace.chatAccounts.values()) as ChatAccountRecord[],
    contacts: byId(workspace.contacts.values()) as ContactRecord[],
    conversations: byId(workspace.conversations.values()) as ConversationRecord[],
    labels: byId(workspace.labels.values()) as LabelRecord[],
    notes: byId(workspace.notes.values()) as ConversationNoteRecord[],
    messages: byId(workspace.messages.values()) as MessageRecord[],
    pendingStatuses: bySid(workspace.pendingStatuses.values()),
    savedReplies: byId(workspace.savedReplies.values()) as SavedReplyRecord[],
  };
}
