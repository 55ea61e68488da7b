import { type Kysely, sql } from "kysely";
import { READ_MODEL_SCHEMA } from "../schema-name.js";
import { hasUnread, inInboxOrder, inTheInbox } from "./inbox-page.query.js";
import { compiledQuery, type ReadModelDb, statementLimit } from "./read-model-db.js";
import type { SqlQueryable } from "./sql-queryable.js";

/**
 * The inbox's unread conversations (what its unread filter lists), at most `atMost` of them,
 * counted: the limit is inside, so the count stops there. Read from conversation_inbox_unread_idx
 * in its order, whose predicate and last key the filters are written as: the future snoozes are
 * passed within the index, and at most `atMost` rows are fetched. Without the order, the planner
 * may scan the table instead when unread rows look dense, which costs what their places cost.
 * `atMost` is written into the SQL, not sent as a value: see `statementLimit`.
 */
export function unreadCountQuery(
  db: Kysely<ReadModelDb>,
  values: { orgId: string; now: string },
  counts: { atMost: number },
) {
  return db
    .selectFrom((from) =>
      from
        .selectFrom("conversation as c")
        .select(sql.lit(1).as("one"))
        .where("c.org_id", "=", values.orgId)
        .where("c.last_message_at", "is not", null)
        .where((eb) => eb.and([inTheInbox(eb, values.now), hasUnread(eb)]))
        // The index's order: its first `atMost` entries past the future snoozes, whatever the table's row order.
        .$call(inInboxOrder)
        .limit(statementLimit(counts.atMost))
        .as("unread"),
    )
    .select(sql<number>`count(*)::int`.as("count"));
}

const unreadQuery = compiledQuery(unreadCountQuery);

/**
 * How many of the org's inbox conversations have unread customer messages, counted up to
 * `atMost` (issue 16): a badge shows "99+" beyond 99, so it needs to know no more than whether
 * there are 100; counting all of a big inbox's unread conversations read tens of thousands of rows
 * on every inbox load. `atMost` itself means "that many or more".
 */
export async function unreadConversationsUpTo(
  db: SqlQueryable,
  input: { orgId: string; atMost: number; now?: Date | undefined; schema?: string | undefined },
): Promise<number> {
  const [row] = await unreadQuery(
    db,
    input.schema ?? READ_MODEL_SCHEMA,
    { orgId: input.orgId, now: (input.now ?? new Date()).toISOString() },
    { atMost: input.atMost },
  );
  return row?.count ?? 0;
}
