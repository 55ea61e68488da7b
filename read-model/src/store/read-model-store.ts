import { sidKeyOf } from "../projections/message-ids.js";
import type {
  ChatAccountRecord,
  ContactRecord,
  ConversationRecord,
  MessageRecord,
  PendingStatusRecord,
} from "../projections/rows.js";
import { eraseContactsSql } from "./erase-contact-sql.js";
import type { RowKeys } from "./row-keys.js";
import { rowsOf, selectRows, selectRowsSql, sqlArray, sqlLiteral, writeRows, writeRowsSql } from "./row-sql.js";
import { quoteIdent, type SqlRunner } from "./sql-runner.js";
import { chatAccountTable, contactTable, conversationTable, messageTable, pendingStatusTable } from "./table-specs.js";
import type { ChangedRows, ReadModelWorkspace } from "./workspace.js";

/** Loads into the workspace every row the keys name (five queries, whatever the batch size). */
export async function loadRows(db: SqlRunner, schema: string, workspace: ReadModelWorkspace, keys: RowKeys) {
  const phones = [...keys.phones.values()];
  // One connection runs one statement at a time: these run one after the other.
  const chatAccounts =
    keys.chatAccountIds.size + phones.length === 0
      ? []
      : await selectRows(
          db,
          schema,
          chatAccountTable,
          "id = any($1::uuid[]) or (org_id, provider, external_phone_id) in (select * from unnest($2::uuid[], $3::text[], $4::text[]))",
          [
            [...keys.chatAccountIds],
            phones.map((p) => p.orgId),
            phones.map((p) => p.provider),
            phones.map((p) => p.externalPhoneId),
          ],
        );
  const contacts =
    keys.contactIds.size === 0
      ? []
      : await selectRows(db, schema, contactTable, "id = any($1::uuid[])", [[...keys.contactIds]]);
  const conversations =
    keys.conversationIds.size === 0
      ? []
      : await selectRows(db, schema, conversationTable, "id = any($1::uuid[])", [[...keys.conversationIds]]);
  const messages =
    keys.messageIds.size + keys.providerSids.size === 0
      ? []
      : await selectRows(db, schema, messageTable, "id = any($1::uuid[]) or provider_sid = any($2::text[])", [
          [...keys.messageIds],
          [...keys.providerSids],
        ]);
  const pending =
    keys.providerSids.size === 0
      ? []
      : await selectRows(db, schema, pendingStatusTable, "provider_sid = any($1::text[])", [[...keys.providerSids]]);
  for (const row of chatAccounts) workspace.remember({ table: "chat_account", row });
  for (const row of contacts) workspace.remember({ table: "contact", row });
  for (const row of conversations) workspace.remember({ table: "conversation", row });
  for (const row of messages) workspace.remember({ table: "message", row });
  for (const row of pending) workspace.remember({ table: "pending_status", row });
}

/**
 * The selects of `loadRows` with their keys inlined, to send in one round trip with other
 * statements; `remember` puts their results (in the same order) into the workspace.
 */
export function loadRowsStatements(
  schema: string,
  keys: RowKeys,
): { statements: string[]; remember(workspace: ReadModelWorkspace, results: { rows: unknown[] }[]): void } {
  const phones = [...keys.phones.values()];
  const statements = [
    selectRowsSql(
      schema,
      chatAccountTable,
      `id = any(${sqlArray([...keys.chatAccountIds], "uuid")}) or (org_id, provider, external_phone_id) in ` +
        `(select * from unnest(${sqlArray(
          phones.map((p) => p.orgId),
          "uuid",
        )}, ${sqlArray(
          phones.map((p) => p.provider),
          "text",
        )}, ${sqlArray(
          phones.map((p) => p.externalPhoneId),
          "text",
        )}))`,
    ),
    selectRowsSql(schema, contactTable, `id = any(${sqlArray([...keys.contactIds], "uuid")})`),
    selectRowsSql(schema, conversationTable, `id = any(${sqlArray([...keys.conversationIds], "uuid")})`),
    selectRowsSql(
      schema,
      messageTable,
      `id = any(${sqlArray([...keys.messageIds], "uuid")}) or provider_sid = any(${sqlArray([...keys.providerSids], "text")})`,
    ),
    selectRowsSql(schema, pendingStatusTable, `provider_sid = any(${sqlArray([...keys.providerSids], "text")})`),
  ];
  return {
    statements,
    remember(workspace, results) {
      const [chatAccounts, contacts, conversations, messages, pending] = results.map(
        (result) => result.rows as Record<string, unknown>[],
      );
      for (const row of rowsOf(chatAccountTable, chatAccounts ?? []))
        workspace.remember({ table: "chat_account", row });
      for (const row of rowsOf(contactTable, contacts ?? [])) workspace.remember({ table: "contact", row });
      for (const row of rowsOf(conversationTable, conversations ?? []))
        workspace.remember({ table: "conversation", row });
      for (const row of rowsOf(messageTable, messages ?? [])) workspace.remember({ table: "message", row });
      for (const row of rowsOf(pendingStatusTable, pending ?? [])) workspace.remember({ table: "pending_status", row });
    },
  };
}

/** The statements of `writeChangedRows` with their rows inlined, to send in one round trip. */
export function writeChangedRowsStatements(
  schema: string,
  changed: ChangedRows,
  mode: "upsert" | "insert" = "upsert",
): string[] {
  const statements: string[] = eraseContactsSql(schema, changed.erasedContacts);
  const write = <R>(spec: Parameters<typeof writeRowsSql<R>>[1], rows: R[]) => {
    if (rows.length > 0) statements.push(writeRowsSql(schema, spec, rows, mode));
  };
  write(chatAccountTable, changed.chatAccounts);
  write(contactTable, changed.contacts);
  write(conversationTable, changed.conversations);
  write(messageTable, changed.messages);
  if (changed.deletedPendingStatuses.length > 0) {
    const deleted = changed.deletedPendingStatuses;
    statements.push(
      `delete from ${quoteIdent(schema)}.pending_status where (org_id, provider_sid) in (select * from unnest(` +
        `${sqlArray(
          deleted.map((key) => key.orgId),
          "uuid",
        )}, ${sqlArray(
          deleted.map((key) => key.providerSid),
          "text",
        )}))`,
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
  mode: "upsert" | "insert" = "upsert",
): Promise<void> {
  // Erasures first: a row the batch made after one (the customer writing again) must stay.
  for (const statement of eraseContactsSql(schema, changed.erasedContacts)) await db.query(statement);
  // One connection runs one statement at a time; the order only matters for readability.
  await writeRows(db, schema, chatAccountTable, changed.chatAccounts, mode);
  await writeRows(db, schema, contactTable, changed.contacts, mode);
  await writeRows(db, schema, conversationTable, changed.conversations, mode);
  await writeRows(db, schema, messageTable, changed.messages, mode);
  if (changed.deletedPendingStatuses.length > 0) {
    await db.query(
      `delete from ${quoteIdent(schema)}.pending_status ` +
        "where (org_id, provider_sid) in (select * from unnest($1::uuid[], $2::text[]))",
      [
        changed.deletedPendingStatuses.map((key) => key.orgId),
        changed.deletedPendingStatuses.map((key) => key.providerSid),
      ],
    );
  }
  await writeRows(db, schema, pendingStatusTable, changed.pendingStatuses, mode);
}

export const INBOX_PROJECTION = "inbox";

export async function readCheckpoint(db: SqlRunner, schema: string, projection = INBOX_PROJECTION): Promise<number> {
  const result = await db.query(
    `select last_seq from ${quoteIdent(schema)}.projection_checkpoint where projection = $1`,
    [projection],
  );
  return result.rows.length === 0 ? 0 : Number(result.rows[0].last_seq);
}

export async function writeCheckpoint(
  db: SqlRunner,
  schema: string,
  stream: string,
  lastSeq: number,
  projection = INBOX_PROJECTION,
): Promise<void> {
  await db.query(
    `insert into ${quoteIdent(schema)}.projection_checkpoint (projection, stream, last_seq, updated_at)
     values ($1, $2, $3, now())
     on conflict (projection) do update set stream = excluded.stream, last_seq = excluded.last_seq, updated_at = excluded.updated_at`,
    [projection, stream, lastSeq],
  );
}

/** `readCheckpoint`'s select, to send with other statements (the first row's `last_seq`). */
export function readCheckpointSql(schema: string, projection = INBOX_PROJECTION): string {
  return `select last_seq from ${quoteIdent(schema)}.projection_checkpoint where projection = ${sqlLiteral(projection)}`;
}

/** `writeCheckpoint`'s statement, to send with other statements. */
export function writeCheckpointSql(
  schema: string,
  stream: string,
  lastSeq: number,
  projection = INBOX_PROJECTION,
): string {
  if (!Number.isSafeInteger(lastSeq) || lastSeq < 0) throw new Error(`not a sequence: ${lastSeq}`);
  return `insert into ${quoteIdent(schema)}.projection_checkpoint (projection, stream, last_seq, updated_at)
     values (${sqlLiteral(projection)}, ${sqlLiteral(stream)}, ${lastSeq}, now())
     on conflict (projection) do update set stream = excluded.stream, last_seq = excluded.last_seq, updated_at = excluded.updated_at`;
}

export interface QuarantineEntry {
  seq: number;
  subject: string;
  reasonCode: string;
  reason: string;
  payload: Uint8Array;
  at: Date;
}

export async function writeQuarantine(db: SqlRunner, schema: string, entries: QuarantineEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.query(
    `insert into ${quoteIdent(schema)}.quarantine (seq, subject, reason_code, reason, payload, at)
     select * from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::timestamptz[])
     on conflict (seq) do nothing`,
    [
      entries.map((e) => e.seq),
      entries.map((e) => e.subject),
      entries.map((e) => e.reasonCode),
      entries.map((e) => e.reason),
      entries.map((e) => Buffer.from(e.payload)),
      entries.map((e) => e.at.toISOString()),
    ],
  );
}

/** Every projected row of a schema, each table sorted by key: what tests and rebuild checks compare. */
export interface AllRows {
  chatAccounts: ChatAccountRecord[];
  contacts: ContactRecord[];
  conversations: ConversationRecord[];
  messages: MessageRecord[];
  pendingStatuses: PendingStatusRecord[];
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
    messages: byId(await selectRows(db, schema, messageTable, "true", [])) as MessageRecord[],
    pendingStatuses: bySid(await selectRows(db, schema, pendingStatusTable, "true", [])),
  };
}

/** The same, of a workspace (e.g. the pure fold of a stream). */
export function allRowsOf(workspace: ReadModelWorkspace): AllRows {
  return {
    chatAccounts: byId(workspace.chatAccounts.values()) as ChatAccountRecord[],
    contacts: byId(workspace.contacts.values()) as ContactRecord[],
    conversations: byId(workspace.conversations.values()) as ConversationRecord[],
    messages: byId(workspace.messages.values()) as MessageRecord[],
    pendingStatuses: bySid(workspace.pendingStatuses.values()),
  };
}
