import { type SqlQueryable, statementOf } from "../queries/sql-queryable.js";

/**
 * EXPLAIN ANALYZE of exactly the SQL `run` sends (its first statement, with its values), on `db`:
 * a spec of a query's plan reads the plan of the query as the code writes it.
 */
export async function analyzedPlanOf(db: SqlQueryable, run: (db: SqlQueryable) => Promise<unknown>): Promise<string> {
  const sent: { text: string; values: unknown[] }[] = [];
  await run({
    query: (statement, values) => {
      sent.push(statementOf(statement, values));
      return db.query(statement, values) as never;
    },
  });
  const [first] = sent;
  if (!first) throw new Error("no query was sent");
  const { rows } = await db.query<{ "QUERY PLAN": string }>(`explain analyze ${first.text}`, first.values);
  return rows.map((row) => row["QUERY PLAN"]).join("\n");
}
