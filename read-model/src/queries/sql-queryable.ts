/** What a query needs from Postgres: a pg Pool, Client or PoolClient fits. */
export interface SqlQueryable {
  query<Row extends object = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: Row[] }>;
}

/** `"schema"`: the read model lives in `readmodel` (or a rebuild's fresh schema in tests). */
export function quotedSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`not a schema name: ${schema}`);
  return `"${schema}"`;
}
