import { type Kysely, sql } from "kysely";
import { READ_MODEL_SCHEMA } from "../schema-name.js";
import { compiledQuery, type ReadModelDb } from "./read-model-db.js";
import type { SqlQueryable } from "./sql-queryable.js";

const keptQuery = compiledQuery(
  (db: Kysely<ReadModelDb>, values: { orgId: string; ids: readonly string[] }) =>
    db
      .selectFrom("conversation")
      .select("id")
      .where("org_id", "=", values.orgId)
      .where(sql<boolean>`id = any(${values.ids}::uuid[])`),
  { prepared: true },
);

/**
 * Of these conversation ids, the ones the org still has: the others were erased with their
 * contact, or are another org's. A device asks it of the conversations it keeps drafts to
 * (web/app/conversation/drafts, decision 046), and forgets the drafts to the rest.
 */
export async function conversationsKept(
  db: SqlQueryable,
  input: { orgId: string; ids: readonly string[]; schema?: string },
): Promise<string[]> {
  if (input.ids.length === 0) return [];
  const rows = await keptQuery(db, input.schema ?? READ_MODEL_SCHEMA, { orgId: input.orgId, ids: input.ids });
  return rows.map((row) => row.id);
}
