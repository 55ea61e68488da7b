import type { MessageDetails } from "@cloudpa/contracts";
import { type Kysely, sql } from "kysely";
import { READ_MODEL_SCHEMA } from "../orm.js";
import { compiledQuery, type ReadModelDb } from "./read-model-db.js";
import type { SqlQueryable } from "./sql-queryable.js";
import { unreadCountQuery } from "./unread-conversations.query.js";

/** One of the org's latest customer messages, as the alerts read it. */
export interface LatestCustomerMessage {
  id: string;
  conversation_id: string;
  contact_display_name: string;
  body: string;
  media: unknown[];
  kind: string;
  details: MessageDetails | null;
}

/**
 * The unread count (unreadCountQuery) and the org's latest customer messages, newest first, in
 * one statement (issue 16): one round trip instead of two, and one snapshot. The messages come as
 * one JSON array, ordered in the aggregate, so the statement has its one row even when there are none.
 */
const alertsQuery = compiledQuery(
  (db: Kysely<ReadModelDb>, values: { orgId: string; now: string; atMost: number; latest: number }) =>
    db.selectNoFrom((eb) => [
      unreadCountQuery(db, values).as("unread"),
      eb
        .selectFrom(
          db
            .selectFrom("message as m")
            .innerJoin("conversation as c", "c.id", "m.conversation_id")
            .select([
              "m.id",
              "m.conversation_id",
              "c.contact_display_name",
              "m.body",
              "m.media",
              "m.kind",
              "m.details",
              "m.sent_at",
            ])
            .where("m.org_id", "=", values.orgId)
            .where("m.direction", "=", sql.lit("inbound"))
            .orderBy("m.sent_at", "desc")
            .orderBy("m.id", "desc")
            .limit(values.latest)
            .as("l"),
        )
        .select(
          sql<LatestCustomerMessage[]>`coalesce(json_agg(l ORDER BY l.sent_at DESC, l.id DESC), '[]'::json)`.as(
            "messages",
          ),
        )
        .as("latest"),
    ]),
);

/**
 * What an open tab needs to tell of new messages, in one round trip: how many inbox
 * conversations have unread customer messages, counted up to `atMost` (unreadConversationsUpTo's
 * count), and the org's `latest` customer messages, newest first.
 */
export async function newMessageAlertRows(
  db: SqlQueryable,
  input: { orgId: string; atMost: number; latest: number; now?: Date | undefined; schema?: string | undefined },
): Promise<{ unreadConversations: number; latest: LatestCustomerMessage[] }> {
  const [row] = await alertsQuery(db, input.schema ?? READ_MODEL_SCHEMA, {
    orgId: input.orgId,
    now: (input.now ?? new Date()).toISOString(),
    atMost: Math.max(0, Math.trunc(input.atMost)),
    latest: Math.max(0, Math.trunc(input.latest)),
  });
  return { unreadConversations: row?.unread ?? 0, latest: row?.latest ?? [] };
}
