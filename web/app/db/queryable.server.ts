import type { QueryResult, QueryResultRow } from "pg";

/** What the web's SQL needs from Postgres: a pg Pool, Client or PoolClient. */
export interface Queryable {
  query<Row extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<Row>>;
}
