import {
  type Expression,
  type ExpressionBuilder,
  type InferResult,
  type Kysely,
  type RawBuilder,
  type ShallowDehydrateObject,
  sql,
} from "kysely";
import { jsonObjectFrom } from "kysely/helpers/postgres";
import { READ_MODEL_SCHEMA } from "../schema-name.js";
import { CONVERSATION_SUMMARY_COLUMNS } from "./conversation-summary-columns.js";
import { encodeMessageCursor } from "./message-cursor.js";
import { compiledQuery, type ReadModelDb } from "./read-model-db.js";
import type { SqlQueryable } from "./sql-queryable.js";

export const CONVERSATION_PAGE_MESSAGES = 200;

/** What the conversation's query builds its messages from: the conversation `c`. */
export type ConversationScope = ExpressionBuilder<ReadModelDb & { c: ReadModelDb["conversation"] }, "c">;

/** The conversation's messages (`m`) with every field the conversation shows, in no order yet. */
export function conversationMessages(eb: ConversationScope) {
  return eb
    .selectFrom("message as m")
    .select((mb) => [
      "m.id",
      "m.direction",
      "m.provider_sid as providerSid",
      "m.command_id as commandId",
      "m.body",
      "m.media",
      "m.status",
      "m.error_code as errorCode",
      "m.error_message as errorMessage",
      "m.failure_reason as failureReason",
      "m.sent_at as sentAt",
      "m.status_at as statusAt",
      "m.kind",
      "m.details",
      "m.reply_to_sid as replyToSid",
      "m.reaction",
      // Who asked for an outbound message: a user, or an automatic reply (`auto-reply:away`, decision 026).
      "m.requested_by as requestedBy",
      // The message quoted (decision 023), wherever it is in the conversation; null when not in the read model.
      jsonObjectFrom(
        mb
          .selectFrom("message as q")
          .select(["q.id", "q.direction", "q.kind", "q.body", "q.details", "q.media"])
          .whereRef("q.org_id", "=", "m.org_id")
          .whereRef("q.provider_sid", "=", "m.reply_to_sid"),
      ).as("replyTo"),
    ])
    .whereRef("m.conversation_id", "=", "c.id")
    .whereRef("m.org_id", "=", "c.org_id");
}

/**
 * The conversation's latest `limit` messages, newest first, in the history's keyset order
 * (sent_at, id): read from the (conversation_id, sent_at, id) index in order.
 */
function latestMessages(eb: ConversationScope, limit: number) {
  return conversationMessages(eb).orderBy("m.sent_at", "desc").orderBy("m.id", "desc").limit(limit);
}

/** A message as the conversation shows it. */
export type ConversationMessage = InferResult<ReturnType<typeof conversationMessages>>[number];

/** The messages as one JSON array in reading order (oldest first); JSON carries their times as text. */
export function inReadingOrder(
  latest: Expression<ConversationMessage>,
): RawBuilder<ShallowDehydrateObject<ConversationMessage>[]> {
  return sql`coalesce((select json_agg(latest order by latest."sentAt", latest.id) from ${latest} latest), '[]'::json)`;
}

export interface ConversationValues {
  orgId: string;
  conversationId: string;
  /** One more than the page, to know whether older messages exist. */
  messages: number;
}

/**
 * The org's conversation `c` with its channel and latest messages (`values.messages` of them,
 * newest first, then in reading order): conversationPage's statement, and the conversation
 * view's (conversationView) with its other columns.
 */
export function conversationOfOrgQuery(db: Kysely<ReadModelDb>, values: ConversationValues) {
  return db
    .selectFrom("conversation as c")
    .select((eb) => [
      // The API's conversation is a ConversationSummary with messages: all of the summary's fields.
      ...CONVERSATION_SUMMARY_COLUMNS,
      "c.org_id as orgId",
      jsonObjectFrom(
        eb
          .selectFrom("chat_account as a")
          .select([
            "a.external_phone_id as externalPhoneId",
            "a.display_name as displayName",
            "a.is_active as isActive",
          ])
          .whereRef("a.id", "=", "c.chat_account_id")
          .whereRef("a.org_id", "=", "c.org_id"),
      ).as("channel"),
      inReadingOrder(latestMessages(eb, values.messages)).as("messages"),
    ])
    .where("c.id", "=", values.conversationId)
    .where("c.org_id", "=", values.orgId);
}

/**
 * Named, as the conversation view that holds it (decision 034): the API's conversation reads it on
 * every request. Keyed by the conversation's id and org; its generic plan is the custom one (the
 * latest messages walk the (conversation_id, sent_at, id) index whatever the count).
 */
const conversationQuery = compiledQuery(conversationOfOrgQuery, { prepared: true });

type ConversationRow = Awaited<ReturnType<typeof conversationQuery>>[number];

export type ConversationPage = Omit<ConversationRow, "messages"> & {
  /** The latest messages, oldest first. */
  messages: ConversationMessage[];
  /** Whether older messages exist than the first one here. */
  hasOlder: boolean;
  /** Where the page before this one ends (the first message's keyset), when `hasOlder` (issue 15). */
  olderCursor: string | undefined;
};

/** A message of the JSON array with its times as dates. */
export function messageOfJson(message: ShallowDehydrateObject<ConversationMessage>): ConversationMessage {
  return {
    ...message,
    sentAt: new Date(message.sentAt),
    statusAt: message.statusAt === null ? null : new Date(message.statusAt),
  } as ConversationMessage;
}

/** The page's size as asked: CONVERSATION_PAGE_MESSAGES unless told, 1 to 1,000. */
export function conversationPageSize(limit: number | undefined): number {
  return Math.min(Math.max(1, limit ?? CONVERSATION_PAGE_MESSAGES), 1000);
}

/** The page of a row of `conversationOfOrgQuery` read with `messages: size + 1`. */
export function conversationPageOf(row: ConversationRow, size: number): ConversationPage {
  const { messages: latest, ...conversation } = row;
  const hasOlder = latest.length > size;
  const shown = hasOlder ? latest.slice(1) : latest;
  const first = shown[0];
  return {
    ...conversation,
    hasOlder,
    olderCursor: hasOlder && first ? encodeMessageCursor({ at: String(first.sentAt), id: first.id }) : undefined,
    messages: shown.map(messageOfJson),
  };
}

/**
 * A conversation of one org with its latest messages, in one query (the messages come from
 * the (conversation_id, sent_at, id) index, newest first, then are put in reading order).
 * Another org's conversation is simply not found.
 */
export async function conversationPage(
  db: SqlQueryable,
  input: { orgId: string; conversationId: string; limit?: number; schema?: string },
): Promise<ConversationPage | undefined> {
  const size = conversationPageSize(input.limit);
  const [row] = await conversationQuery(db, input.schema ?? READ_MODEL_SCHEMA, {
    orgId: input.orgId,
    conversationId: input.conversationId,
    messages: size + 1,
  });
  return row && conversationPageOf(row, size);
}
