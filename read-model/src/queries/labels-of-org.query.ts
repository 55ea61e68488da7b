import { type Kysely } from "kysely";
import { READ_MODEL_SCHEMA } from "../schema-name.js";
import { compiledQuery, type ReadModelDb, statementLimit } from "./read-model-db.js";
import type { SqlQueryable } from "./sql-queryable.js";

/** The most labels an org has (the web refuses to create more). */
export const MAX_LABELS = 100;

/**
 * The org's labels, by name (label_org_name_idx): labelsOfOrg's rows, and the inbox's reads'
 * JSON array (inboxOrgReads).
 */
export function orgLabelsQuery(db: Kysely<ReadModelDb>, values: { orgId: string }) {
  return db
    .selectFrom("label")
    .select(["id", "name", "colour", "created_at as createdAt"])
    .where("org_id", "=", values.orgId)
    .orderBy("name")
    .orderBy("id")
    .limit(statementLimit(MAX_LABELS));
}

const labelsQuery = compiledQuery(orgLabelsQuery);

const labelQuery = compiledQuery((db: Kysely<ReadModelDb>, values: { orgId: string; labelId: string }) =>
  db
    .selectFrom("label")
    .select(["id", "name", "colour", "created_at as createdAt"])
    .where("id", "=", values.labelId)
    .where("org_id", "=", values.orgId),
);

/** A label of the org as the inbox and settings show it (issue 15). */
export type LabelOfOrg = Awaited<ReturnType<typeof labelsQuery>>[number];

/** The org's labels as projected, by name (label_org_name_idx). */
export function labelsOfOrg(db: SqlQueryable, input: { orgId: string; schema?: string }): Promise<LabelOfOrg[]> {
  return labelsQuery(db, input.schema ?? READ_MODEL_SCHEMA, { orgId: input.orgId });
}

/** One label of the org; another org's, or a deleted one, is not found. */
export async function labelOfOrg(
  db: SqlQueryable,
  input: { orgId: string; labelId: string; schema?: string },
): Promise<LabelOfOrg | undefined> {
  const [label] = await labelQuery(db, input.schema ?? READ_MODEL_SCHEMA, {
    orgId: input.orgId,
    labelId: input.labelId,
  });
  return label;
}
