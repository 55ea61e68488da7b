import { type Kysely, type NotNull, type SelectQueryBuilder, sql } from "kysely";
import { CONTACT_SEARCH_TEXT } from "../entities/contact.entity.js";
import { snoozeEndKey } from "../entities/conversation.entity.js";
import { READ_MODEL_SCHEMA } from "../schema-name.js";
import { positionPartitions } from "../store/read-model-store.js";
import type { ConversationScope } from "./conversation-page.query.js";
import { CONVERSATION_SUMMARY_COLUMNS } from "./conversation-summary-columns.js";
import { decodeInboxCursor, encodeInboxCursor } from "./inbox-cursor.js";
import { positionColumn } from "./position-column.js";
import { compiledQuery, type ReadModelDb, statementLimit } from "./read-model-db.js";
import type { SqlQueryable } from "./sql-queryable.js";

export interface InboxPageInput {
  orgId: string;
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor?: string | undefined;
  limit: number;
  /** Name, number or text; blank means no search. */
  search?: string | undefined;
  unreadOnly?: boolean | undefined;
  /** The inbox (not archived; snoozed ones only once their time passed), or the archived conversations. */
  view?: InboxView | undefined;
  /** Only conversations carrying this label (issue 15). */
  labelId?: string | undefined;
  /** What "now" is for snoozes (default: the clock). */
  now?: Date | undefined;
  schema?: string | undefined;
  /**
   * Also read the projection position of this partition of the events stream (its checkpoint,
   * `positionColumn`) in the page's own statement, so in its snapshot: `InboxPage.position`.
   */
  positionOf?: { partition: number } | undefined;
}

export const INBOX_VIEWS = ["inbox", "archived"] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

export const MAX_INBOX_PAGE = 100;

/** `%text%` for ILIKE, with the user's own `%`, `_` and `\` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

interface InboxValues {
  orgId: string;
  /** The keyset position after which the page starts: see `InboxCursor`. */
  afterAt: string | undefined;
  afterId: string | undefined;
  afterPinned: boolean | undefined;
  /** A snooze until after this hides its conversation from the inbox. */
  now: string;
  /** The search as typed, and as digits when it is a number written with spaces or dashes. */
  pattern: string | undefined;
  digitsPattern: string | undefined;
  /** `["<label id>"]`, what `label_ids @>` matches, when filtering by a label. */
  labelJson: string | undefined;
  /** With `positionOf`: `positionPartitions` of its partition. */
  positionPartitions: number[] | undefined;
}

interface InboxShape {
  /** One more than the page, to know whether another page follows (in the text: statementLimit). */
  rows: number;
  after: boolean;
  view: InboxView;
  unreadOnly: boolean;
  search: "none" | "text" | "text and digits";
  label: boolean;
  /** With `positionOf`: each row's `position` (positionColumn). */
  positioned: boolean;
}

/**
 * The org's conversations that have a message, with what the inbox list shows and the exact
 * timestamp of the keyset (as Postgres wrote it, UTC, microseconds: see `InboxCursor`).
 */
function inboxRows(db: Kysely<ReadModelDb>, values: InboxValues) {
  return db
    .selectFrom("conversation as c")
    .select([
      ...CONVERSATION_SUMMARY_COLUMNS,
      sql<string>`(${sql.ref("c.inbox_at")} at time zone 'UTC')::text`.as("inboxAtUtc"),
    ])
    .where("c.org_id", "=", values.orgId)
    .where("c.last_message_at", "is not", null)
    .$narrowType<{ lastMessageAt: NotNull }>();
}

/**
 * Ids of the org's conversations whose customer (the name the freelancer set, the profile name or
 * the number) or any message body matches a pattern (each branch reads a trigram index; the
 * customer's is on `contact`, docs/decisions/044).
 */
function searchHits(db: Kysely<ReadModelDb>, orgId: string, patterns: string[]) {
  const byContact = (pattern: string) =>
    db
      .selectFrom("conversation as h")
      .select("h.id")
      .where("h.org_id", "=", orgId)
      .where("h.contact_id", "in", (contacts) =>
        contacts
          .selectFrom("contact as k")
          .select("k.id")
          .where("k.org_id", "=", orgId)
          .where(sql.raw<string>(CONTACT_SEARCH_TEXT), "ilike", pattern),
      );
  const byMessage = (pattern: string) =>
    db
      .selectFrom("message as m")
      .select("m.conversation_id as id")
      .where("m.org_id", "=", orgId)
      .where("m.body", "ilike", pattern);
  const [first, ...more] = patterns as [string, ...string[]];
  let hits = byContact(first).union(byMessage(first));
  for (const pattern of more) hits = hits.union(byContact(pattern)).union(byMessage(pattern));
  return hits;
}

/**
 * In the inbox view: not archived, and not snoozed or its snooze over by `now`. Written as the
 * inbox's keyset indexes' predicate and last key (snoozeEndKey), so the planner matches them and
 * skips the conversations snoozed into the future within the index, without reading their rows.
 */
export function inTheInbox(eb: ConversationScope, now: string) {
  return eb.and([
    eb("c.archived_at", "is", null),
    eb(sql.raw<Date>(snoozeEndKey("c.snoozed_until")), "<=", sql<Date>`${now}::timestamptz`),
  ]);
}

/** A query of conversations `c`, selecting `O`. */
type ConversationQuery<O> = SelectQueryBuilder<ReadModelDb & { c: ReadModelDb["conversation"] }, "c", O>;

/** The inbox's order, its keyset indexes' own: pinned first, then newest first by (inbox_at, id). */
export function inInboxOrder<O>(query: ConversationQuery<O>): ConversationQuery<O> {
  return query
    .orderBy("c.pinned", "desc")
    .orderBy("c.inbox_at", (order) => order.desc().nullsLast())
    .orderBy("c.id", "desc");
}

/** With unread customer messages: a literal, as the unread index's predicate is written, so that the planner matches it. */
export function hasUnread(eb: ConversationScope) {
  return eb("c.unread_count", ">", sql.lit(0));
}

/**
 * One indexed query per shape: pinned first, then newest first by (inbox_at, id), from the cursor
 * on. The archive's filter is written as the keyset indexes' predicates are, so the planner
 * matches them; a snooze not yet over hides its conversation from the inbox.
 * Without a label or a search the page walks a keyset index and stops after its rows, whatever
 * the org's size, so it is a named statement (decision 035); a label's or a search's plan depends
 * on how many conversations match (decision 033) and is planned per request.
 */
const inboxQuery = compiledQuery(
  (db: Kysely<ReadModelDb>, values: InboxValues, shape: InboxShape, schema: string) => {
    let query = inboxRows(db, values);
    if (shape.view === "archived") query = query.where("c.archived_at", "is not", null);
    else query = query.where((eb) => inTheInbox(eb, values.now));
    if (shape.after)
      query = query.where(({ eb, refTuple, tuple }) =>
        eb(
          refTuple("c.pinned", "c.inbox_at", "c.id"),
          "<",
          tuple(
            sql<boolean>`${values.afterPinned}::boolean`,
            sql<Date>`${values.afterAt}::timestamp at time zone 'UTC'`,
            sql<string>`${values.afterId}::uuid`,
          ),
        ),
      );
    if (shape.unreadOnly) query = query.where(hasUnread);
    // The GIN index of label_ids answers `@>`.
    if (shape.label) query = query.where(sql<boolean>`${sql.ref("c.label_ids")} @> ${values.labelJson}::jsonb`);
    if (shape.search !== "none") {
      const patterns = shape.search === "text" ? [values.pattern] : [values.pattern, values.digitsPattern];
      query = query.where("c.id", "in", searchHits(db, values.orgId, patterns as string[]));
    }
    return query
      .$call(inInboxOrder)
      .limit(statementLimit(shape.rows))
      .$if(shape.positioned, (positioned) =>
        positioned.select(positionColumn(schema, values.positionPartitions).as("position")),
      );
  },
  { prepared: (shape) => !shape.label && shape.search === "none" },
);

type InboxRow = Awaited<ReturnType<typeof inboxQuery>>[number];

/** A conversation as the inbox list shows it. */
export type InboxConversation = Omit<InboxRow, "inboxAtUtc" | "position">;

export interface InboxPage {
  conversations: InboxConversation[];
  /** Undefined on the last page. */
  nextCursor: string | undefined;
  /**
   * With `positionOf`: the projection position the page reflects, read in the page's statement.
   * Undefined when the page is empty (the position rides on the rows): read both in one snapshot
   * another way then.
   */
  position?: number | undefined;
}

/**
 * The row without its keyset timestamp, as a literal: JSON.stringify, which every loader and
 * API response runs, is slower on objects made by a rest copy (`{ a, ...rest }`), by 2-8% of
 * the whole page's time in the bench's A/B (issue 13). Typed by the row, so a column added to
 * the select but not here fails to compile.
 */
function conversationOf(row: InboxRow): InboxConversation {
  return {
    id: row.id,
    chatAccountId: row.chatAccountId,
    contactHandle: row.contactHandle,
    contactDisplayName: row.contactDisplayName,
    lastMessageAt: row.lastMessageAt,
    lastInboundAt: row.lastInboundAt,
    lastMessagePreview: row.lastMessagePreview,
    lastMessageDirection: row.lastMessageDirection,
    lastMessageStatus: row.lastMessageStatus,
    unreadCount: row.unreadCount,
    markedUnread: row.markedUnread,
    muted: row.muted,
    mutedUntil: row.mutedUntil,
    status: row.status,
    pinned: row.pinned,
    snoozedUntil: row.snoozedUntil,
    archivedAt: row.archivedAt,
    labelIds: row.labelIds,
  };
}

/**
 * The rows a page of `limit` fetches: at least one more than the page, to know whether another
 * follows, rounded up to a power of two (at most MAX_INBOX_PAGE + 1). The count is in the
 * statement's text, and each text a connection names holds ~90 KB of plan in its Postgres backend
 * (measured on the bench's seed): 7 counts instead of 100 keep what an API client can make a
 * connection hold to 7 texts per shape, for at most one page's rows read more.
 */
function rowsFetchedFor(limit: number): number {
  return Math.min(MAX_INBOX_PAGE + 1, 2 ** Math.ceil(Math.log2(limit + 1)));
}

export class InboxCursorError extends Error {
  override name = "InboxCursorError";
  readonly code = "INBOX.BAD_CURSOR";
}

/**
 * One page of an org's inbox (or its archive), pinned first, then newest first, by keyset on
 * (pinned, inbox_at, id): one indexed
 * query, stable while new messages arrive (a conversation that moves to the top is simply
 * seen again on a fresh first page, never twice on one walk from a cursor taken before).
 * The search matches the customer's name (the freelancer's, or their profile name), number, or any
 * message's text; a number written with spaces or dashes also matches its digits.
 */
export async function inboxPage(db: SqlQueryable, input: InboxPageInput): Promise<InboxPage> {
  const limit = Math.min(Math.max(1, Math.trunc(input.limit)), MAX_INBOX_PAGE);
  const cursor = input.cursor ? decodeInboxCursor(input.cursor) : undefined;
  if (input.cursor && !cursor) throw new InboxCursorError("cursor is not one this server issued");
  const search = input.search?.trim() || undefined;
  const digits = search?.replace(/[\s()+.-]/g, "");
  const searchDigits = digits !== undefined && /^\d{3,}$/.test(digits) && digits !== search;
  const rows = await inboxQuery(
    db,
    input.schema ?? READ_MODEL_SCHEMA,
    {
      orgId: input.orgId,
      afterAt: cursor?.at,
      afterId: cursor?.id,
      afterPinned: cursor === undefined ? undefined : cursor.pinned === true,
      now: (input.now ?? new Date()).toISOString(),
      pattern: search && containsPattern(search),
      digitsPattern: searchDigits ? containsPattern(digits) : undefined,
      labelJson: input.labelId === undefined ? undefined : JSON.stringify([input.labelId]),
      positionPartitions: input.positionOf && positionPartitions(input.positionOf.partition),
    },
    {
      rows: rowsFetchedFor(limit),
      after: cursor !== undefined,
      view: input.view ?? "inbox",
      unreadOnly: input.unreadOnly === true,
      label: input.labelId !== undefined,
      search: !search ? "none" : searchDigits ? "text and digits" : "text",
      positioned: input.positionOf !== undefined,
    },
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    conversations: page.map(conversationOf),
    nextCursor:
      rows.length > limit && last
        ? encodeInboxCursor(
            last.pinned ? { at: last.inboxAtUtc, id: last.id, pinned: true } : { at: last.inboxAtUtc, id: last.id },
          )
        : undefined,
    ...(input.positionOf !== undefined && rows[0]?.position != null ? { position: Number(rows[0].position) } : {}),
  };
}
