/** What the store needs of a Postgres connection: `pg`'s Client and PoolClient fit. */
export interface SqlRunner {
  // biome-ignore lint/suspicious/noExplicitAny: rows are mapped by the table specs
  query(text: string, values?: unknown[]): Promise<{ rows: any[]; rowCount?: number | null }>;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
