import type { QueryResult, QueryResultRow } from "pg";

/** What the web's SQL needs from Postgres: a pg Pool, Client or PoolClient. */
export interface Queryable {
  query<Row extends QueryResultRow = QueryResultRow>(
    statement: string | NamedStatement,
    values?: unknown[],
  ): Promise<QueryResult<Row>>;
}

/** A statement each connection parses and plans once, then only binds (pg's query config with a name; decision 034). */
export interface NamedStatement {
  name: string;
  text: string;
  values: unknown[];
}
