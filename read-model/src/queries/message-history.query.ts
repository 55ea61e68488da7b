import { type Expression, type Kysely, sql } from "kysely";
import { READ_MODEL_SCHEMA } from "../schema-name.js";
import {
  type ConversationMessage,
  type ConversationScope,
  conversationMessages,
  inReadingOrder,
  messageOfJson,
} from "./conversation-page.query.js";
import { containsPattern } from "./inbox-page.query.js";
import { decodeMessageCursor, encodeMessageCursor, type MessageCursor, MessageCursorError } from "./message-cursor.js";
import { compiledQuery, type ReadModelDb } from "./read-model-db.js";
import type { SqlQueryable } from "./sql-queryable.js";

/** The most messages one history page holds (the API's `limit`). */
export const MAX_HISTORY_PAGE = 200;
/** A history page's size unless asked otherwise. */
export const HISTORY_PAGE = 50;

interface RangeValues {
  orgId: string;
  conversationId: string;
  at: string;
  id: string;
  /** One more than the page, to know whether the history goes on past it. */
  rows: number;
}

interface RangeShape {
  /** Older: the messages before the cursor, newest first. Newer: those after it, oldest first. */
  toward: "older" | "newer";
  /** Whether the cursor's own message is part of the range. */
  inclusive: boolean;
}

/**
 * One range of a conversation's messages from a keyset position, in one indexed query: the
 * (conversation_id, sent_at, id) index read forward or backward from the position, limited.
 */
const rangeQuery = compiledQuery((db: Kysely<ReadModelDb>, values: RangeValues, shape: RangeShape) =>
  db
    .selectFrom("conversation as c")
    .select((eb) => {
      const direction = shape.toward === "older" ? "desc" : "asc";
      const compare = shape.toward === "older" ? (shape.inclusive ? "<=" : "<") : shape.inclusive ? ">=" : ">";
      return inReadingOrder(
        conversationMessages(eb)
          .where(({ eb: m, refTuple, tuple }) =>
            m(
              refTuple("m.sent_at", "m.id"),
              compare,
              tuple(sql<Date>`${values.at}::timestamptz`, sql<string>`${values.id}::uuid`),
            ),
          )
          .orderBy("m.sent_at", direction)
          .orderBy("m.id", direction)
          .limit(values.rows),
      ).as("messages");
    })
    .where("c.id", "=", values.conversationId)
    .where("c.org_id", "=", values.orgId),
);

export interface HistoryPage {
  /** The page's messages, oldest first. */
  messages: ConversationMessage[];
  /** Where the next older page ends, undefined when the page starts at the first message. */
  olderCursor: string | undefined;
  /** Where the next newer page starts, undefined when the page ends at the latest message. */
  newerCursor: string | undefined;
}

export interface HistoryInput {
  orgId: string;
  conversationId: string;
  limit?: number | undefined;
  schema?: string | undefined;
}

function pageSizeOf(limit: number | undefined): number {
  return Math.min(Math.max(1, Math.trunc(limit ?? HISTORY_PAGE)), MAX_HISTORY_PAGE);
}

function cursorOf(message: { sentAt: unknown; id: string } | undefined): string | undefined {
  return message ? encodeMessageCursor({ at: String(message.sentAt), id: message.id }) : undefined;
}

function decoded(cursor: string): MessageCursor {
  const position = decodeMessageCursor(cursor);
  if (!position) throw new MessageCursorError("cursor is not one this server issued");
  return position;
}

async function rangeOf(
  db: SqlQueryable,
  input: HistoryInput,
  position: MessageCursor,
  shape: RangeShape,
  size: number,
): Promise<{ messages: { sentAt: unknown; id: string }[]; more: boolean } | undefined> {
  const [row] = await rangeQuery(
    db,
    input.schema ?? READ_MODEL_SCHEMA,
    { orgId: input.orgId, conversationId: input.conversationId, at: position.at, id: position.id, rows: size + 1 },
    shape,
  );
  if (!row) return undefined;
  const more = row.messages.length > size;
  // In reading order: the extra row is the oldest of an older range, the newest of a newer one.
  const messages = more ? (shape.toward === "older" ? row.messages.slice(1) : row.messages.slice(0, -1)) : row.messages;
  return { messages, more };
}

/**
 * The page of a conversation's messages just before `before` (a cursor from `olderCursor`), in
 * reading order; undefined when the conversation is not the org's. Walking `olderCursor` from
 * the latest page reaches the first message, each message once.
 */
export async function messagesBefore(
  db: SqlQueryable,
  input: HistoryInput & { before: string },
): Promise<HistoryPage | undefined> {
  const size = pageSizeOf(input.limit);
  const position = decoded(input.before);
  const range = await rangeOf(db, input, position, { toward: "older", inclusive: false }, size);
  if (!range) return undefined;
  return {
    messages: range.messages.map((m) => messageOfJson(m as never)),
    olderCursor: range.more ? cursorOf(range.messages[0]) : undefined,
    // The cursor's own message and the ones after it are newer.
    newerCursor: cursorOf(range.messages[range.messages.length - 1]) ?? encodeMessageCursor(position),
  };
}

/** The page just after `after` (a cursor from `newerCursor`), in reading order. */
export async function messagesAfter(
  db: SqlQueryable,
  input: HistoryInput & { after: string },
): Promise<HistoryPage | undefined> {
  const size = pageSizeOf(input.limit);
  const position = decoded(input.after);
  const range = await rangeOf(db, input, position, { toward: "newer", inclusive: false }, size);
  if (!range) return undefined;
  return {
    messages: range.messages.map((m) => messageOfJson(m as never)),
    olderCursor: cursorOf(range.messages[0]) ?? encodeMessageCursor(position),
    newerCursor: range.more ? cursorOf(range.messages[range.messages.length - 1]) : undefined,
  };
}

const positionQuery = compiledQuery(
  (db: Kysely<ReadModelDb>, values: { orgId: string; conversationId: string; messageId: string }) =>
    db
      .selectFrom("message as m")
      .select(["m.id", sql<string>`to_json(${sql.ref("m.sent_at")}) #>> '{}'`.as("at")])
      .where("m.id", "=", values.messageId)
      .where("m.conversation_id", "=", values.conversationId)
      .where("m.org_id", "=", values.orgId),
);

/** How many messages a page around one shows before it, so that it is read in its context. */
export const CONTEXT_BEFORE = 5;

/**
 * The page around one message of the conversation (a search hit, the first unread): a few
 * messages before it, then it and the ones after it, in reading order. Undefined when the
 * message is not in the org's conversation.
 */
export async function messagesAround(
  db: SqlQueryable,
  input: HistoryInput & { messageId: string },
): Promise<HistoryPage | undefined> {
  const size = pageSizeOf(input.limit);
  const schema = input.schema ?? READ_MODEL_SCHEMA;
  const [target] = await positionQuery(db, schema, {
    orgId: input.orgId,
    conversationId: input.conversationId,
    messageId: input.messageId,
  });
  if (!target) return undefined;
  const position = { at: target.at, id: target.id };
  const before = await rangeOf(db, input, position, { toward: "older", inclusive: false }, CONTEXT_BEFORE);
  const from = await rangeOf(db, input, position, { toward: "newer", inclusive: true }, size);
  if (!before || !from) return undefined;
  const messages = [...before.messages, ...from.messages];
  return {
    messages: messages.map((m) => messageOfJson(m as never)),
    olderCursor: before.more ? cursorOf(messages[0]) : undefined,
    newerCursor: from.more ? cursorOf(messages[messages.length - 1]) : undefined,
  };
}

/**
 * The id of the conversation `c`'s `skip`+1-th latest customer message. From the conversation's
 * row, as the pages are: the messages are then read from the (conversation_id, sent_at, id) index
 * backward (read straight from `message`, the planner took the org's (org_id, sent_at) index and
 * walked the org's newer messages: 6.8 ms at 100k messages). The conversation view's column
 * (firstUnreadIdColumn) takes `skip` from `c.unread_count`.
 */
export function latestCustomerMessageQuery(eb: ConversationScope, skip: number | Expression<number>) {
  return eb
    .selectFrom("message as m")
    .select("m.id")
    .whereRef("m.conversation_id", "=", "c.id")
    .whereRef("m.org_id", "=", "c.org_id")
    .where("m.direction", "=", sql.lit("inbound"))
    .orderBy("m.sent_at", "desc")
    .orderBy("m.id", "desc")
    .offset(skip)
    .limit(sql.lit(1));
}

/**
 * The conversation's first unread message, as a column of a statement over the conversation `c`
 * (the conversation view's, conversationView). The read state is the conversation's unread count
 * (ConversationRead sets it to 0, each customer message adds 1), so it is the count-th latest
 * customer message, read in the same statement as the count: null when nothing is unread, or when
 * the conversation is only marked unread (its 1 is no message).
 */
export function firstUnreadIdColumn(eb: ConversationScope) {
  return eb
    .case()
    .when(eb.and([eb("c.unread_count", ">", sql.lit(0)), eb("c.marked_unread", "=", sql.lit(false))]))
    .then(latestCustomerMessageQuery(eb, sql<number>`${sql.ref("c.unread_count")} - 1`))
    .end();
}

/** The most hits a search in a conversation lists. */
export const MAX_HISTORY_HITS = 50;

const searchQuery = compiledQuery(
  (db: Kysely<ReadModelDb>, values: { orgId: string; conversationId: string; pattern: string; rows: number }) =>
    db
      .selectFrom("message as m")
      .select(["m.id", "m.direction", "m.kind", "m.body", "m.sent_at as sentAt"])
      .where("m.conversation_id", "=", values.conversationId)
      .where("m.org_id", "=", values.orgId)
      .where("m.body", "ilike", values.pattern)
      .orderBy("m.sent_at", "desc")
      .orderBy("m.id", "desc")
      .limit(values.rows),
);

export type HistoryHit = Awaited<ReturnType<typeof searchQuery>>[number];

/**
 * The conversation's messages whose text contains `search` (any case; `%` and `_` taken
 * literally, as the inbox's search does), newest first, at most `MAX_HISTORY_HITS`.
 */
export async function searchConversation(
  db: SqlQueryable,
  input: { orgId: string; conversationId: string; search: string; schema?: string | undefined },
): Promise<{ hits: HistoryHit[]; more: boolean }> {
  const search = input.search.trim();
  if (!search) return { hits: [], more: false };
  const rows = await searchQuery(db, input.schema ?? READ_MODEL_SCHEMA, {
    orgId: input.orgId,
    conversationId: input.conversationId,
    pattern: containsPattern(search),
    rows: MAX_HISTORY_HITS + 1,
  });
  return { hits: rows.slice(0, MAX_HISTORY_HITS), more: rows.length > MAX_HISTORY_HITS };
}
