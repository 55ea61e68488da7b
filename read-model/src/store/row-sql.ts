import { quoteIdent, type SqlRunner } from "./sql-runner.js";
import type { TableSpec } from "./table-specs.js";

/** Timestamps are read as epoch milliseconds: exact, and independent of the driver's date parsing. */
function selectList<R>(spec: TableSpec<R>): string {
  return spec.columns
    .map(({ column, type }) =>
      type === "timestamptz" ? `(extract(epoch from ${column}) * 1000)::float8 as ${column}` : column,
    )
    .join(", ");
}

function rowOf<R>(spec: TableSpec<R>, raw: Record<string, unknown>): R {
  const row: Record<string, unknown> = {};
  for (const { column, field, type } of spec.columns) {
    const value = raw[column];
    if (value === null || value === undefined) row[field] = null;
    else if (type === "timestamptz") row[field] = new Date(Number(value));
    else if (type === "integer") row[field] = Number(value);
    else row[field] = value;
  }
  return row as R;
}

/** Reads the rows of `spec` that match `where` (a condition over `$1..`). */
export async function selectRows<R>(
  db: SqlRunner,
  schema: string,
  spec: TableSpec<R>,
  where: string,
  values: unknown[],
): Promise<R[]> {
  const result = await db.query(selectRowsSql(schema, spec, where), values);
  return rowsOf(spec, result.rows);
}

/** The select of `selectRows`, for a statement sent with others (the condition then holds literals). */
export function selectRowsSql<R>(schema: string, spec: TableSpec<R>, where: string): string {
  return `select ${selectList(spec)} from ${quoteIdent(schema)}.${spec.table} where ${where}`;
}

/** Maps the raw rows of a `selectRowsSql` statement. */
export function rowsOf<R>(spec: TableSpec<R>, raw: Record<string, unknown>[]): R[] {
  return raw.map((row) => rowOf(spec, row));
}

/** A SQL string literal (E'…' when it holds backslashes), safe for any text. */
export function sqlLiteral(text: string): string {
  const quoted = text.replaceAll("'", "''");
  return text.includes("\\") ? `E'${quoted.replaceAll("\\", "\\\\")}'` : `'${quoted}'`;
}

const ARRAY_SPECIAL = /[\\"]/;
const ARRAY_SPECIALS = /[\\"]/g;

/** An array as a typed SQL literal (`'{…}'::type[]`), every element quoted, nulls as NULL. */
export function sqlArray(values: readonly unknown[], type: string): string {
  let text = "{";
  for (let at = 0; at < values.length; at++) {
    const value = values[at];
    if (at > 0) text += ",";
    if (value === null || value === undefined) {
      text += "NULL";
      continue;
    }
    const element = String(value);
    text += ARRAY_SPECIAL.test(element) ? `"${element.replace(ARRAY_SPECIALS, "\\$&")}"` : `"${element}"`;
  }
  return `${sqlLiteral(`${text}}`)}::${type}[]`;
}

function arrayOf<R>(rows: R[], field: keyof R, type: string): unknown[] {
  return rows.map((row) => {
    const value = row[field];
    if (value === null || value === undefined) return null;
    if (type === "timestamptz") return (value as unknown as Date).toISOString();
    if (type === "jsonb") return JSON.stringify(value);
    return value;
  });
}

/**
 * Writes whole rows with one statement per table: `insert … select from unnest(arrays)`,
 * one array parameter per column, so the statement's size does not grow with the rows.
 * `upsert` replaces rows that exist (live projection); a rebuild's fresh tables take plain inserts.
 */
export async function writeRows<R>(
  db: SqlRunner,
  schema: string,
  spec: TableSpec<R>,
  rows: R[],
  mode: "upsert" | "insert",
): Promise<void> {
  if (rows.length === 0) return;
  const arrayTypes = spec.columns.map(({ type }) => (type === "jsonb" ? "text" : type));
  await db.query(
    insertSql(
      schema,
      spec,
      arrayTypes.map((type, at) => `$${at + 1}::${type}[]`),
      mode,
    ),
    spec.columns.map(({ field, type }) => arrayOf(rows, field, type)),
  );
}

/** The statement of `writeRows` with its arrays inlined as literals, to send with other statements. */
export function writeRowsSql<R>(schema: string, spec: TableSpec<R>, rows: R[], mode: "upsert" | "insert"): string {
  return insertSql(
    schema,
    spec,
    spec.columns.map(({ field, type }) => sqlArray(arrayOf(rows, field, type), type === "jsonb" ? "text" : type)),
    mode,
  );
}

function insertSql<R>(schema: string, spec: TableSpec<R>, arrays: string[], mode: "upsert" | "insert"): string {
  const columns = spec.columns.map(({ column }) => column);
  const projected = spec.columns
    .map(({ column, type }) => (type === "jsonb" ? `u.${column}::jsonb` : `u.${column}`))
    .join(", ");
  const conflict =
    mode === "upsert"
      ? ` on conflict (${spec.key.join(", ")}) do update set ${columns
          .filter((column) => !spec.key.includes(column))
          .map((column) => `${column} = excluded.${column}`)
          .join(", ")}`
      : "";
  return (
    `insert into ${quoteIdent(schema)}.${spec.table} (${columns.join(", ")}) ` +
    `select ${projected} from unnest(${arrays.join(", ")}) as u(${columns.join(", ")})${conflict}`
  );
}
