import type { Kysely, ShallowDehydrateObject } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import { READ_MODEL_SCHEMA } from "../schema-name.js";
import { compiledQuery, type ReadModelDb } from "./read-model-db.js";
import type { SqlQueryable } from "./sql-queryable.js";

/**
 * The contact of the org's conversation with every conversation they have with the org:
 * contactCard's statement, and a JSON object of the conversation view's (conversationView).
 */
export function contactCardOfConversationQuery(
  db: Kysely<ReadModelDb>,
  values: { orgId: string; conversationId: string },
) {
  return db
    .selectFrom("conversation as v")
    .innerJoin("contact as k", (join) => join.onRef("k.id", "=", "v.contact_id").onRef("k.org_id", "=", "v.org_id"))
    .select((eb) => [
      "k.id",
      "k.handle",
      "k.profile_name as profileName",
      "k.name",
      "k.email",
      "k.company",
      "k.notes",
      "k.first_seen_at as firstSeenAt",
      // Every conversation of the contact in the org, one per number (channel), latest first.
      jsonArrayFrom(
        eb
          .selectFrom("conversation as o")
          .leftJoin("chat_account as a", (join) =>
            join.onRef("a.id", "=", "o.chat_account_id").onRef("a.org_id", "=", "o.org_id"),
          )
          .select([
            "o.id",
            "o.last_message_at as lastMessageAt",
            "o.last_message_preview as lastMessagePreview",
            "o.unread_count as unreadCount",
            "o.marked_unread as markedUnread",
            "o.archived_at as archivedAt",
            "a.external_phone_id as channelPhone",
            "a.display_name as channelName",
          ])
          .whereRef("o.org_id", "=", "k.org_id")
          .whereRef("o.contact_id", "=", "k.id")
          .orderBy("o.last_message_at", (ob) => ob.desc().nullsLast())
          .orderBy("o.id"),
      ).as("conversations"),
    ])
    .where("v.id", "=", values.conversationId)
    .where("v.org_id", "=", values.orgId);
}

const contactCardQuery = compiledQuery(contactCardOfConversationQuery);

type ContactCardRow = Awaited<ReturnType<typeof contactCardQuery>>[number];

/** One of the contact's conversations, as the contact card lists it. */
export type ContactConversation = Omit<ContactCardRow["conversations"][number], "lastMessageAt" | "archivedAt"> & {
  lastMessageAt: Date | null;
  archivedAt: Date | null;
};

export type ContactCard = Omit<ContactCardRow, "conversations"> & { conversations: ContactConversation[] };

const dateOrNull = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string));

/** The card of a row of `contactCardOfConversationQuery`, or of it as JSON: its times as dates. */
function cardOf(row: ContactCardRow | ShallowDehydrateObject<ContactCardRow>): ContactCard {
  return {
    ...row,
    firstSeenAt: new Date(row.firstSeenAt),
    // JSON inside the row too: their times come as text.
    conversations: row.conversations.map((conversation) => ({
      ...conversation,
      lastMessageAt: dateOrNull(conversation.lastMessageAt),
      archivedAt: dateOrNull(conversation.archivedAt),
    })),
  };
}

/** The card of `contactCardOfConversationQuery` as a JSON object (times as text), as contactCard gives it. */
export function contactCardOfJson(json: ShallowDehydrateObject<ContactCardRow> | null): ContactCard | undefined {
  return json ? cardOf(json) : undefined;
}

/**
 * The contact of a conversation of the org (issue 15): their details as the freelancer set them,
 * and every conversation they have with the org, across its numbers. Another org's conversation
 * has no contact card.
 */
export async function contactCard(
  db: SqlQueryable,
  input: { orgId: string; conversationId: string; schema?: string },
): Promise<ContactCard | undefined> {
  const [row] = await contactCardQuery(db, input.schema ?? READ_MODEL_SCHEMA, {
    orgId: input.orgId,
    conversationId: input.conversationId,
  });
  return row && cardOf(row);
}
