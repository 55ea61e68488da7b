import type pg from "pg";

/** One table's rows, each as its JSON text, sorted: two snapshots compare row by row whatever the order. */
export type SchemaSnapshot = Record<string, string[]>;

/**
 * Every table of `schema` (as information_schema lists them), each row as JSON without the
 * `ignored` columns (per table: e.g. a clock that says when a row was written, not what it holds).
 */
export async function snapshotSchema(
  client: pg.Client,
  schema: string,
  ignored: Record<string, readonly string[]> = {},
): Promise<SchemaSnapshot> {
  const tables = await client.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE' order by 1",
    [schema],
  );
  const snapshot: SchemaSnapshot = {};
  for (const { table_name: table } of tables.rows) {
    const quoted = `"${schema.replaceAll('"', '""')}"."${table.replaceAll('"', '""')}"`;
    const rows = await client.query<{ row: Record<string, unknown> }>(`select to_jsonb(t) as row from ${quoted} t`);
    snapshot[table] = rows.rows
      .map(({ row }) => {
        for (const column of ignored[table] ?? []) delete row[column];
        return JSON.stringify(row, Object.keys(row).sort());
      })
      .sort();
  }
  return snapshot;
}
