import { type Kysely } from "kysely";
import { READ_MODEL_SCHEMA } from "../schema-name.js";
import { compiledQuery, type ReadModelDb, statementLimit } from "./read-model-db.js";
import type { SqlQueryable } from "./sql-queryable.js";

const channelsQuery = compiledQuery((db: Kysely<ReadModelDb>, values: { orgId: string }) =>
  db
    .selectFrom("chat_account")
    .select([
      "id",
      "external_phone_id as externalPhoneId",
      "account_sid as accountSid",
      "display_name as displayName",
      "is_active as isActive",
      "connected_at as connectedAt",
      "disconnected_at as disconnectedAt",
    ])
    .where("org_id", "=", values.orgId)
    .orderBy("is_active", "desc")
    .orderBy("connected_at", "desc")
    .limit(statementLimit(100)),
);

/** A channel of the org as the settings page lists it. */
export type OrgChannel = Awaited<ReturnType<typeof channelsQuery>>[number];

/** The org's channels as projected, active first. */
export function channelsOfOrg(db: SqlQueryable, input: { orgId: string; schema?: string }): Promise<OrgChannel[]> {
  return channelsQuery(db, input.schema ?? READ_MODEL_SCHEMA, { orgId: input.orgId });
}
