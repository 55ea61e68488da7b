import type { MediaItem, MessageDetails } from "@cloudpa/contracts";
import { type Kysely, sql } from "kysely";
import { type ReadModelDb, statementLimit } from "./read-model-db.js";
import { unreadCountQuery } from "./unread-conversations.query.js";

/** One of the org's latest customer messages, as the alerts read it. */
export interface LatestCustomerMessage {
  id: string;
  conversation_id: string;
  contact_display_name: string;
  body: string;
  /** The message's media items, as the projection wrote them. */
  media: MediaItem[];
  kind: string;
  details: MessageDetails | null;
}

/** What the alerts' statement is sent as values: the org, and `now` for snoozes. */
export interface AlertValues {
  orgId: string;
  now: string;
}

/** The alerts' counts, written into the statement's text (statementLimit): the count's cap, how many messages. */
export interface AlertCounts {
  atMost: number;
  latest: number;
}

/**
 * The alerts' two columns, for a statement of one row: `unread`, the unread count
 * (unreadCountQuery), and `latest`, the org's latest customer messages, newest first, as one
 * JSON array ordered in the aggregate, so the row is there even when there are none.
 */
export function alertColumns(db: Kysely<ReadModelDb>, values: AlertValues, counts: AlertCounts) {
  return [
    unreadCountQuery(db, values, counts).as("unread"),
    db
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
          // Not of a conversation muted now (the web's mutedAt): an open tab neither sounds nor
          // notifies it, and a burst of them does not push an unmuted message out of the latest.
          .where(sql<boolean>`not (c.muted and (c.muted_until is null or c.muted_until > ${values.now}::timestamptz))`)
          .orderBy("m.sent_at", "desc")
          .orderBy("m.id", "desc")
          .limit(statementLimit(counts.latest))
          .as("l"),
      )
      .select(
        sql<LatestCustomerMessage[]>`coalesce(json_agg(l ORDER BY l.sent_at DESC, l.id DESC), '[]'::json)`.as(
          "messages",
        ),
      )
      .as("latest"),
  ] as const;
}

/** The alerts' values and counts as the statement takes them, from a caller's input. */
export function alertValuesOf(input: { orgId: string; atMost: number; latest: number; now?: Date | undefined }): {
  values: AlertValues;
  counts: AlertCounts;
} {
  return {
    values: { orgId: input.orgId, now: (input.now ?? new Date()).toISOString() },
    counts: { atMost: input.atMost, latest: input.latest },
  };
}
