/** What a query needs from Postgres: a pg Pool, Client or PoolClient fits. */
export interface SqlQueryable {
  query<Row extends object = Record<string, unknown>>(
    statement: string | NamedStatement,
    values?: unknown[],
  ): Promise<{ rows: Row[] }>;
}

/** A statement each connection parses and plans once, then only binds (pg's query config with a name). */
export interface NamedStatement {
  name: string;
  text: string;
  values: unknown[];
}

/** The SQL text and values of what `query` was given, named or not. */
export function statementOf(
  statement: string | NamedStatement,
  values?: unknown[],
): { text: string; values: unknown[] } {
  return typeof statement === "string" ? { text: statement, values: values ?? [] } : statement;
}

/** `"schema"`: the read model lives in `readmodel` (or a rebuild's fresh schema in tests). */
export function quotedSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`not a schema name: ${schema}`);
  return `"${schema}"`;
}
