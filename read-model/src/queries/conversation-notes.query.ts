import { type Kysely, type ShallowDehydrateObject } from "kysely";
import { READ_MODEL_SCHEMA } from "../schema-name.js";
import { compiledQuery, type ReadModelDb, statementLimit } from "./read-model-db.js";
import type { SqlQueryable } from "./sql-queryable.js";

/** The most notes a conversation shows (issue 15); a conversation with more shows its latest. */
export const MAX_CONVERSATION_NOTES = 500;

/**
 * A conversation's notes, newest first, the latest MAX_CONVERSATION_NOTES: conversationNotes'
 * statement, and a JSON array of the conversation view's (conversationView).
 */
export function conversationNotesQuery(db: Kysely<ReadModelDb>, values: { orgId: string; conversationId: string }) {
  return db
    .selectFrom("conversation_note")
    .select([
      "id",
      "conversation_id as conversationId",
      "author_id as authorId",
      "body",
      "created_at as createdAt",
      "edited_at as editedAt",
    ])
    .where("org_id", "=", values.orgId)
    .where("conversation_id", "=", values.conversationId)
    .where("deleted_at", "is", null)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(statementLimit(MAX_CONVERSATION_NOTES));
}

const notesQuery = compiledQuery(conversationNotesQuery);

export type ConversationNote = Awaited<ReturnType<typeof notesQuery>>[number];

/** The notes as shown, oldest first, from `conversationNotesQuery`'s rows (newest first). */
function oldestFirst<T>(newestFirst: T[]): T[] {
  return newestFirst.reverse();
}

/** The notes of `conversationNotesQuery` as a JSON array (times as text), as conversationNotes gives them. */
export function conversationNotesOfJson(json: ShallowDehydrateObject<ConversationNote>[]): ConversationNote[] {
  return oldestFirst(
    json.map((note) => ({
      ...note,
      createdAt: new Date(note.createdAt),
      editedAt: note.editedAt === null ? null : new Date(note.editedAt),
    })),
  );
}

/**
 * A conversation's private notes (issue 15), oldest first, deleted ones left out; only the org's
 * own (another org's conversation has none).
 */
export async function conversationNotes(
  db: SqlQueryable,
  input: { orgId: string; conversationId: string; schema?: string },
): Promise<ConversationNote[]> {
  const rows = await notesQuery(db, input.schema ?? READ_MODEL_SCHEMA, {
    orgId: input.orgId,
    conversationId: input.conversationId,
  });
  return oldestFirst(rows);
}

/** A note of the org by id, with its author: whether a user may edit or delete it. */
const noteQuery = compiledQuery((db, values: { orgId: string; noteId: string }) =>
  db
    .selectFrom("conversation_note")
    .select(["id", "conversation_id as conversationId", "author_id as authorId"])
    .where("org_id", "=", values.orgId)
    .where("id", "=", values.noteId)
    .where("deleted_at", "is", null),
);

export async function noteOfOrg(
  db: SqlQueryable,
  input: { orgId: string; noteId: string; schema?: string },
): Promise<{ id: string; conversationId: string; authorId: string } | undefined> {
  const [row] = await noteQuery(db, input.schema ?? READ_MODEL_SCHEMA, { orgId: input.orgId, noteId: input.noteId });
  return row;
}
