import type {
  ChatAccountRecord,
  ContactErasure,
  ContactRecord,
  ConversationNoteRecord,
  ConversationRecord,
  LabelRecord,
  MessageRecord,
  PendingStatusRecord,
  SavedReplyRecord,
} from "../projections/rows.js";
import { eraseContactsStatements } from "./erase-contact-sql.js";
import type { MissingMessageKeys } from "./rebuild-workspace.js";
import { fieldIn, fieldsIn, rowsOf, selectRowsStatement, writeRowsStatement } from "./row-sql.js";
import { quoteIdent, type SqlRunner } from "./sql-runner.js";
import { runStatements } from "./sql-statement.js";
import { type TableSpec } from "./table-spec.js";
import {
  chatAccountTable,
  contactTable,
  conversationNoteTable,
  conversationTable,
  labelTable,
  messageTable,
  pendingStatusTable,
  savedReplyTable,
} from "./table-specs.js";

/** The rows of each table a rebuild writes by COPY. */
export interface CopiedRows {
  chat_account: ChatAccountRecord;
  contact: ContactRecord;
  conversation: ConversationRecord;
  label: LabelRecord;
  conversation_note: ConversationNoteRecord;
  message: MessageRecord;
  pending_status: PendingStatusRecord;
  saved_reply: SavedReplyRecord;
}
export type CopiedTable = keyof CopiedRows;

const specs: { [T in CopiedTable]: TableSpec<CopiedRows[T]> } = {
  chat_account: chatAccountTable,
  contact: contactTable,
  conversation: conversationTable,
  label: labelTable,
  conversation_note: conversationNoteTable,
  message: messageTable,
  pending_status: pendingStatusTable,
  saved_reply: savedReplyTable,
};

/** `COPY <schema>.<table> (<every column>) FROM STDIN`, text format: the columns as the entity declares them. */
export function copyInSql(schema: string, table: CopiedTable): string {
  const columns = (specs[table] as TableSpec<unknown>).columns.map(({ column }) => column);
  return `copy ${quoteIdent(schema)}.${table} (${columns.join(", ")}) from stdin`;
}

/** A value in COPY's text format: backslash, tab, newline and carriage return escaped. */
function escaped(text: string): string {
  return text.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

/**
 * The rows as COPY's text format takes them, one line each, in `copyInSql`'s column order; each
 * value as the batched insert sends it (`writeRowsStatement`): a timestamp in ISO form, JSON as text,
 * bytes as `\x` hex, NULL as `\N`.
 */
export function copyInText<T extends CopiedTable>(table: T, rows: readonly CopiedRows[T][]): string {
  const { columns } = specs[table] as TableSpec<CopiedRows[T]>;
  let text = "";
  for (const row of rows) {
    let line = "";
    for (const [at, { field, type }] of columns.entries()) {
      if (at > 0) line += "\t";
      const value = row[field] as unknown;
      if (value === null || value === undefined) line += "\\N";
      else if (type === "timestamptz") line += (value as Date).toISOString();
      else if (type === "jsonb") line += escaped(JSON.stringify(value));
      else if (type === "bytea") line += `\\\\x${Buffer.from(value as Uint8Array).toString("hex")}`;
      else if (type === "boolean") line += value ? "t" : "f";
      else line += escaped(String(value));
    }
    text += `${line}\n`;
  }
  return text;
}

/** Reads back the messages a rebuild wrote that a batch reads again (by id, and by org and MessageSid). */
export async function readWrittenMessages(
  db: SqlRunner,
  schema: string,
  keys: MissingMessageKeys,
): Promise<MessageRecord[]> {
  const statements = [];
  if (keys.ids.length > 0) {
    statements.push(
      selectRowsStatement(schema, messageTable, "parameters", (v) => fieldIn(v, messageTable, "id", keys.ids)),
    );
  }
  if (keys.sids.length > 0) {
    statements.push(
      selectRowsStatement(schema, messageTable, "parameters", (v) =>
        fieldsIn(v, messageTable, ["orgId", "providerSid"], keys.sids),
      ),
    );
  }
  const results = await runStatements(db, statements);
  const byId = new Map<string, MessageRecord>();
  for (const result of results) for (const row of rowsOf(messageTable, result.rows)) byId.set(row.id, row);
  return [...byId.values()];
}

/** Replaces messages the rebuild wrote before (a later event changed them). */
export async function rewriteMessages(db: SqlRunner, schema: string, rows: readonly MessageRecord[]): Promise<void> {
  if (rows.length === 0) return;
  await runStatements(db, [writeRowsStatement(schema, messageTable, rows, "upsert", "parameters")]);
}

/** Runs erasures (docs/decisions/010) against what the rebuild has written so far. */
export async function eraseWritten(db: SqlRunner, schema: string, erasures: readonly ContactErasure[]): Promise<void> {
  if (erasures.length === 0) return;
  await runStatements(db, eraseContactsStatements(schema, erasures, "parameters"));
}
