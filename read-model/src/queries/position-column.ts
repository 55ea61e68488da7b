import { type RawBuilder, sql } from "kysely";
import { readPositionSqlWith } from "../store/read-model-store.js";

const PARTITIONS = "\u0000partitions\u0000";

/**
 * The projection position a statement's rows reflect (docs/decisions/007), as a column of that
 * statement: the checkpoint select of `readPositionSqlWith`, its partitions (`positionPartitions`
 * of the org's partition) sent as the statement's value `partitions`, so the statement's text is
 * the same for every partition (decision 035).
 */
export function positionColumn(schema: string, partitions: unknown): RawBuilder<string> {
  const [before = "", after = ""] = readPositionSqlWith(schema, PARTITIONS).split(PARTITIONS);
  return sql<string>`(${sql.raw(before)}${partitions}::integer[]${sql.raw(after)})`;
}
