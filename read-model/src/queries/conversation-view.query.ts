import { type Kysely } from "kysely";
import { jsonArrayFrom, jsonObjectFrom } from "kysely/helpers/postgres";
import { READ_MODEL_SCHEMA } from "../schema-name.js";
import { positionPartitions } from "../store/read-model-store.js";
import { type ContactCard, contactCardOfConversationQuery, contactCardOfJson } from "./contact-card.query.js";
import { type ConversationNote, conversationNotesOfJson, conversationNotesQuery } from "./conversation-notes.query.js";
import {
  type ConversationPage,
  type ConversationValues,
  conversationOfOrgQuery,
  conversationPageOf,
  conversationPageSize,
} from "./conversation-page.query.js";
import { firstUnreadIdColumn } from "./message-history.query.js";
import { positionColumn } from "./position-column.js";
import { compiledQuery, type ReadModelDb } from "./read-model-db.js";
import type { SqlQueryable } from "./sql-queryable.js";

interface ViewShape {
  /** With `positionOf`: the row's `position` (positionColumn). */
  positioned: boolean;
}

/**
 * What the conversation view reads (issue 16), in ONE statement: conversationPage's row, with the
 * conversation's first unread message (firstUnreadIdColumn), its notes (conversationNotes') and
 * its contact card (contactCard's) as columns, each from its own module's builder. Each was a
 * round trip of its own, one after another in the loader's transaction. Prepared (decision 034):
 * unnamed, Postgres parsed and planned its 3.7 KB of SQL on every request (a 1.2 ms round trip,
 * 0.15 ms of it running); every part is keyed by the conversation's id and its org, and the
 * generic plan is the custom one.
 */
const conversationViewQuery = compiledQuery(
  (
    db: Kysely<ReadModelDb>,
    values: ConversationValues & { positionPartitions?: number[] },
    shape: ViewShape,
    schema: string,
  ) =>
    conversationOfOrgQuery(db, values)
      .select((eb) => [
        firstUnreadIdColumn(eb).as("firstUnreadId"),
        jsonArrayFrom(conversationNotesQuery(db, values)).as("notes"),
        jsonObjectFrom(contactCardOfConversationQuery(db, values)).as("contact"),
      ])
      .$if(shape.positioned, (positioned) =>
        positioned.select(positionColumn(schema, values.positionPartitions).as("position")),
      ),
  { prepared: true },
);

export interface ConversationView {
  /** conversationPage's page. */
  page: ConversationPage;
  /** The first unread message (the unread count-th latest customer message), null when nothing is unread. */
  firstUnreadId: string | null;
  /** conversationNotes' notes, oldest first. */
  notes: ConversationNote[];
  /** contactCard's card. */
  contact: ContactCard | undefined;
  /**
   * With `positionOf`: the projection position the view reflects, read in its statement, so in
   * its snapshot (docs/decisions/007).
   */
  position: number | undefined;
}

/**
 * A conversation of the org as its view shows it (its latest messages, first unread message,
 * notes and contact card), in one statement and so one snapshot; with `positionOf`, also the
 * projection position of that partition (its checkpoint, `positionColumn`). Another org's
 * conversation is not found.
 */
export async function conversationView(
  db: SqlQueryable,
  input: {
    orgId: string;
    conversationId: string;
    limit?: number | undefined;
    schema?: string | undefined;
    positionOf?: { partition: number } | undefined;
  },
): Promise<ConversationView | undefined> {
  const schema = input.schema ?? READ_MODEL_SCHEMA;
  const size = conversationPageSize(input.limit);
  const [row] = await conversationViewQuery(
    db,
    schema,
    {
      orgId: input.orgId,
      conversationId: input.conversationId,
      messages: size + 1,
      positionPartitions: input.positionOf && positionPartitions(input.positionOf.partition),
    },
    { positioned: input.positionOf !== undefined },
  );
  if (!row) return undefined;
  const { firstUnreadId, notes, contact, position, ...conversation } = row;
  return {
    page: conversationPageOf(conversation, size),
    firstUnreadId: firstUnreadId ?? null,
    notes: conversationNotesOfJson(notes),
    contact: contactCardOfJson(contact),
    position: position == null ? undefined : Number(position),
  };
}
