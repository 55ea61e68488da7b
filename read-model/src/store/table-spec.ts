/** The SQL types the store's statements cast their arrays to (a column's type without its length). */
export const COLUMN_TYPES = ["uuid", "text", "boolean", "integer", "bigint", "timestamptz", "jsonb", "bytea"] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface ColumnSpec<R> {
  column: string;
  field: keyof R & string;
  type: ColumnType;
}

/**
 * A table as the projector's SQL needs it, derived from its entity: never written by hand. Derived
 * from MikroORM's metadata when the specs are generated (`schema/table-specs-of-entities.ts`), so
 * that the services read them without loading the ORM's driver (issue 16).
 */
export interface TableSpec<R> {
  table: string;
  /** The columns of the primary key: the conflict target of an upsert. */
  key: string[];
  columns: ColumnSpec<R>[];
}

/** The column of a field (property) of the table. */
export function columnOf<R>(spec: TableSpec<R>, field: keyof R & string): ColumnSpec<R> {
  const column = spec.columns.find((candidate) => candidate.field === field);
  if (!column) throw new Error(`${spec.table} has no column for ${field}`);
  return column;
}
