import type { NamedStatement } from "@cloudpa/read-model";
import type { QueryResult, QueryResultRow } from "pg";

/** What the web's SQL needs from Postgres: a pg Pool, Client or PoolClient. */
export interface Queryable {
  query<Row extends QueryResultRow = QueryResultRow>(
    statement: string | NamedStatement,
    values?: unknown[],
  ): Promise<QueryResult<Row>>;
}
