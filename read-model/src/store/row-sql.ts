import { quoteIdent, type SqlRunner } from "./sql-runner.js";
import { type SqlStatement, type StatementValues, statement, type ValueMode } from "./sql-statement.js";
import { type ColumnSpec, columnOf, type TableSpec } from "./table-spec.js";

export { sqlArray, sqlLiteral } from "./sql-statement.js";

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
    else if (type === "integer" || type === "bigint") row[field] = Number(value);
    else row[field] = value;
  }
  return row as R;
}

/** Maps the raw rows of a select of `spec`'s columns. */
export function rowsOf<R>(spec: TableSpec<R>, raw: Record<string, unknown>[]): R[] {
  return raw.map((row) => rowOf(spec, row));
}

function selectSql<R>(schema: string, spec: TableSpec<R>, where: string): string {
  return `select ${selectList(spec)} from ${quoteIdent(schema)}.${spec.table} where ${where}`;
}

/** Reads the rows of `spec` that match `where` (a condition over `$1..`). */
export async function selectRows<R>(
  db: SqlRunner,
  schema: string,
  spec: TableSpec<R>,
  where: string,
  values: unknown[],
): Promise<R[]> {
  const result = await db.query(selectSql(schema, spec, where), values);
  return rowsOf(spec, result.rows);
}

/** The select of `spec`'s rows matching the condition `where` renders; `rowsOf` maps its result. */
export function selectRowsStatement<R>(
  schema: string,
  spec: TableSpec<R>,
  mode: ValueMode,
  where: (values: StatementValues) => string,
): SqlStatement {
  return statement(mode, (values) => selectSql(schema, spec, where(values)));
}

/** `column = any(array)`: the rows whose field is one of `keys` (the array typed as the column). */
export function fieldIn<R>(
  values: StatementValues,
  spec: TableSpec<R>,
  field: keyof R & string,
  keys: readonly unknown[],
): string {
  const { column, type } = columnOf(spec, field);
  return `${column} = any(${values.array(keys, type)})`;
}

/** `(columns) in (unnest(arrays))`: the rows whose fields are one of `tuples` (field values in order). */
export function fieldsIn<R>(
  values: StatementValues,
  spec: TableSpec<R>,
  fields: (keyof R & string)[],
  tuples: readonly (readonly unknown[])[],
): string {
  const columns = fields.map((field) => columnOf(spec, field));
  const arrays = columns.map(({ type }, at) =>
    values.array(
      tuples.map((tuple) => tuple[at]),
      type,
    ),
  );
  return `(${columns.map(({ column }) => column).join(", ")}) in (select * from unnest(${arrays.join(", ")}))`;
}

/** A column's values as its array parameter or literal takes them. */
function arrayOf<R>(rows: readonly R[], { field, type }: ColumnSpec<R>): unknown[] {
  return rows.map((row) => {
    const value = row[field];
    if (value === null || value === undefined) return null;
    if (type === "timestamptz") return (value as unknown as Date).toISOString();
    if (type === "jsonb") return JSON.stringify(value);
    if (type === "bytea") return `\\x${Buffer.from(value as unknown as Uint8Array).toString("hex")}`;
    return value;
  });
}

/**
 * What a write does with a row whose key exists: `upsert` replaces it (live projection), `insert`
 * fails (a rebuild's fresh tables), `keep` keeps the stored one.
 */
export type OnConflict = "upsert" | "insert" | "keep";

/**
 * Writes whole rows with one statement: `insert … select from unnest(arrays)`, one array per
 * column, so the statement's text does not grow with the rows when the arrays are parameters.
 * Columns, key and types are the table's, as its entity declares them.
 */
export function writeRowsStatement<R>(
  schema: string,
  spec: TableSpec<R>,
  rows: readonly R[],
  onConflict: OnConflict,
  mode: ValueMode,
): SqlStatement {
  return statement(mode, (values) => {
    const arrays = spec.columns.map((column) =>
      values.array(arrayOf(rows, column), column.type === "jsonb" ? "text" : column.type),
    );
    const columns = spec.columns.map(({ column }) => column);
    const projected = spec.columns
      .map(({ column, type }) => (type === "jsonb" ? `u.${column}::jsonb` : `u.${column}`))
      .join(", ");
    const conflict =
      onConflict === "upsert"
        ? ` on conflict (${spec.key.join(", ")}) do update set ${columns
            .filter((column) => !spec.key.includes(column))
            .map((column) => `${column} = excluded.${column}`)
            .join(", ")}`
        : onConflict === "keep"
          ? ` on conflict (${spec.key.join(", ")}) do nothing`
          : "";
    return (
      `insert into ${quoteIdent(schema)}.${spec.table} (${columns.join(", ")}) ` +
      `select ${projected} from unnest(${arrays.join(", ")}) as u(${columns.join(", ")})${conflict}`
    );
  });
}
