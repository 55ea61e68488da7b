import { type Kysely } from "kysely";
import { READ_MODEL_SCHEMA } from "../schema-name.js";
import { compiledQuery, type ReadModelDb, statementLimit } from "./read-model-db.js";
import type { SqlQueryable } from "./sql-queryable.js";

/** The most saved replies an org has (the web refuses to create more). */
export const MAX_SAVED_REPLIES = 200;

const columns = ["id", "name", "shortcut", "body", "created_at as createdAt", "edited_at as editedAt"] as const;

const savedRepliesQuery = compiledQuery((db: Kysely<ReadModelDb>, values: { orgId: string }) =>
  db
    .selectFrom("saved_reply")
    .select(columns)
    .where("org_id", "=", values.orgId)
    .where("deleted_at", "is", null)
    .orderBy("shortcut")
    .orderBy("id")
    .limit(statementLimit(MAX_SAVED_REPLIES)),
);

const savedReplyQuery = compiledQuery((db: Kysely<ReadModelDb>, values: { orgId: string; savedReplyId: string }) =>
  db
    .selectFrom("saved_reply")
    .select(columns)
    .where("id", "=", values.savedReplyId)
    .where("org_id", "=", values.orgId)
    .where("deleted_at", "is", null),
);

/** A saved reply of the org as Settings, the composer and the API show it (issue 15). */
export type SavedReplyOfOrg = Awaited<ReturnType<typeof savedRepliesQuery>>[number];

/** The org's live saved replies as projected, by shortcut (saved_reply_org_shortcut_idx). */
export function savedRepliesOfOrg(
  db: SqlQueryable,
  input: { orgId: string; schema?: string },
): Promise<SavedReplyOfOrg[]> {
  return savedRepliesQuery(db, input.schema ?? READ_MODEL_SCHEMA, { orgId: input.orgId });
}

/** One live saved reply of the org; another org's, or a deleted one, is not found. */
export async function savedReplyOfOrg(
  db: SqlQueryable,
  input: { orgId: string; savedReplyId: string; schema?: string },
): Promise<SavedReplyOfOrg | undefined> {
  const [saved] = await savedReplyQuery(db, input.schema ?? READ_MODEL_SCHEMA, {
    orgId: input.orgId,
    savedReplyId: input.savedReplyId,
  });
  return saved;
}
