import { type Kysely, sql } from "kysely";
import { READ_MODEL_SCHEMA } from "../schema-name.js";
import { type LabelOfOrg, orgLabelsQuery } from "./labels-of-org.query.js";
import {
  type AlertCounts,
  type AlertValues,
  alertColumns,
  alertValuesOf,
  type LatestCustomerMessage,
} from "./new-message-alerts.query.js";
import { compiledQuery, type ReadModelDb } from "./read-model-db.js";
import type { SqlQueryable } from "./sql-queryable.js";

/** A label as a JSON array carries it: its creation time as text. */
export type LabelOfOrgJson = Omit<LabelOfOrg, "createdAt"> & { createdAt: string };

/**
 * What the inbox's loader reads of the org besides its page, in ONE statement (issue 16): the
 * new-message alerts (alertColumns) and the org's labels (orgLabelsQuery) as one JSON array in
 * their order. Each was a round trip of its own; both are the org's, keyed by nothing else.
 * Named (decision 034): with its counts in the text, its generic plan is its custom plan, index
 * scans that stop after the counts, whatever the org's size (decision 035).
 */
const inboxOrgReadsQuery = compiledQuery(
  (db: Kysely<ReadModelDb>, values: AlertValues, counts: AlertCounts) =>
    db.selectNoFrom((eb) => [
      ...alertColumns(db, values, counts),
      eb
        .selectFrom(orgLabelsQuery(db, values).as("l"))
        .select(sql<LabelOfOrgJson[]>`coalesce(json_agg(l ORDER BY l.name, l.id), '[]'::json)`.as("labels"))
        .as("labels"),
    ]),
  { prepared: true },
);

export interface InboxOrgReads {
  /** Inbox conversations with unread customer messages, counted up to `atMost` (unreadConversationsUpTo's count). */
  unreadConversations: number;
  /** The org's `latest` customer messages, newest first. */
  latest: LatestCustomerMessage[];
  /** labelsOfOrg's labels, by name. */
  labels: LabelOfOrgJson[];
}

/** The org's new-message alerts and its labels, in one round trip and one snapshot. */
export async function inboxOrgReads(
  db: SqlQueryable,
  input: { orgId: string; atMost: number; latest: number; now?: Date | undefined; schema?: string | undefined },
): Promise<InboxOrgReads> {
  const { values, counts } = alertValuesOf(input);
  const [row] = await inboxOrgReadsQuery(db, input.schema ?? READ_MODEL_SCHEMA, values, counts);
  return { unreadConversations: row?.unread ?? 0, latest: row?.latest ?? [], labels: row?.labels ?? [] };
}
