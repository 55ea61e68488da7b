import type { MediaItem } from "@cloudpa/contracts";
import { quotedSchema } from "@cloudpa/read-model";
import { endTransaction } from "#app/db/web-pool.server.ts";
import type { WebContext } from "#app/web-context.server.ts";
import { contactOfOrg } from "./contact-of-org.server.ts";

/** The file the freelancer downloads: everything Cloud PA keeps about one contact. */
export interface ContactExport {
  format: "cloudpa.contact-export.v1";
  exportedAt: string;
  orgId: string;
  contact: {
    id: string;
    handle: string;
    waId: string | null;
    profileName: string | null;
    firstSeenAt: string;
    /** What the freelancer keeps of them (issue 15). */
    name: string | null;
    email: string | null;
    company: string | null;
    notes: string | null;
  };
  conversations: ContactExportConversation[];
  /** The private notes of their conversations (issue 15), deleted ones left out. */
  notes: ContactExportNote[];
  /** The labels on their conversations (issue 15), each with the conversations it is on. */
  labels: ContactExportLabel[];
  /** What the file cannot hold, and why. */
  notKept: { notes: string; labels: string; media: string };
}

export interface ContactExportLabel {
  id: string;
  name: string;
  colour: string;
  conversationIds: string[];
}

export interface ContactExportNote {
  id: string;
  conversationId: string;
  authorId: string;
  body: string;
  createdAt: string;
  editedAt: string | null;
}

export interface ContactExportConversation {
  id: string;
  channel: { id: string; number: string | null; name: string | null };
  status: string;
  createdAt: string;
  lastMessageAt: string | null;
  lastInboundAt: string | null;
  unreadCount: number;
  messages: {
    id: string;
    direction: "inbound" | "outbound";
    body: string;
    /** References: the file at Twilio, and the inbox's own link to it. */
    media: (MediaItem & { inboxPath: string })[];
    status: string;
    statusAt: string | null;
    errorCode: string | null;
    errorMessage: string | null;
    failureReason: string | null;
    providerSid: string | null;
    commandId: string | null;
    requestedBy: string | null;
    sentAt: string;
    /** What the message is and its kind's fields (a shared location, contacts, a tapped button…; decision 023). */
    kind: string;
    details: unknown;
    replyToSid: string | null;
    reaction: string | null;
  }[];
  /** Delivery statuses Twilio reported for messages not in the read model (yet). */
  pendingStatuses: { providerSid: string; status: string; errorCode: string | null; reportedAt: string }[];
}

const iso = (value: Date | null) => (value ? value.toISOString() : null);

/** A contact of the org with everything kept about it, read in one snapshot; undefined for another org's. */
export async function exportContact(
  web: Pick<WebContext, "db" | "readModelSchema">,
  orgId: string,
  contactId: string,
  now: Date = new Date(),
): Promise<ContactExport | undefined> {
  if (!(await contactOfOrg(web, orgId, contactId))) return undefined;
  const s = quotedSchema(web.readModelSchema);
  const client = await web.db.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const contact = (
      await client.query(
        `SELECT id, handle, wa_id, profile_name, first_seen_at, name, email, company, notes FROM ${s}.contact WHERE id = $1 AND org_id = $2`,
        [contactId, orgId],
      )
    ).rows[0];
    if (!contact) return undefined;
    const conversations = (
      await client.query(
        `SELECT v.id, v.chat_account_id, a.external_phone_id, a.display_name, v.status, v.created_at, v.last_message_at,
                v.last_inbound_at, v.unread_count
           FROM ${s}.conversation v LEFT JOIN ${s}.chat_account a ON a.id = v.chat_account_id AND a.org_id = v.org_id
          WHERE v.org_id = $1 AND v.contact_id = $2 ORDER BY v.created_at, v.id`,
        [orgId, contactId],
      )
    ).rows;
    const ids = conversations.map((row) => row.id as string);
    const messages = (
      await client.query(
        `SELECT * FROM ${s}.message WHERE org_id = $1 AND conversation_id = any($2::uuid[]) ORDER BY sent_at, id`,
        [orgId, ids],
      )
    ).rows;
    const pending = (
      await client.query(
        `SELECT * FROM ${s}.pending_status WHERE org_id = $1 AND conversation_id = any($2::uuid[]) ORDER BY reported_at`,
        [orgId, ids],
      )
    ).rows;
    const notes = (
      await client.query(
        `SELECT id, conversation_id, author_id, body, created_at, edited_at FROM ${s}.conversation_note
          WHERE org_id = $1 AND conversation_id = any($2::uuid[]) AND deleted_at IS NULL ORDER BY created_at, id`,
        [orgId, ids],
      )
    ).rows;
    const labels = (
      await client.query(
        `SELECT l.id, l.name, l.colour, array_agg(v.id ORDER BY v.created_at, v.id) AS conversation_ids
           FROM ${s}.label l
           JOIN ${s}.conversation v ON v.org_id = l.org_id AND v.label_ids @> jsonb_build_array(l.id::text)
          WHERE l.org_id = $1 AND v.contact_id = $2
          GROUP BY l.id, l.name, l.colour ORDER BY l.name, l.id`,
        [orgId, contactId],
      )
    ).rows;
    await client.query("COMMIT");
    return {
      format: "cloudpa.contact-export.v1",
      exportedAt: now.toISOString(),
      orgId,
      contact: {
        id: contact.id,
        handle: contact.handle,
        waId: contact.wa_id,
        profileName: contact.profile_name,
        firstSeenAt: contact.first_seen_at.toISOString(),
        name: contact.name,
        email: contact.email,
        company: contact.company,
        notes: contact.notes,
      },
      conversations: conversations.map((row) => ({
        id: row.id,
        channel: { id: row.chat_account_id, number: row.external_phone_id ?? null, name: row.display_name ?? null },
        status: row.status,
        createdAt: row.created_at.toISOString(),
        lastMessageAt: iso(row.last_message_at),
        lastInboundAt: iso(row.last_inbound_at),
        unreadCount: row.unread_count,
        messages: messages
          .filter((message) => message.conversation_id === row.id)
          .map((message) => ({
            id: message.id,
            direction: message.direction,
            body: message.body,
            media: (message.media as MediaItem[]).map((item, index) => ({
              ...item,
              inboxPath: `/media/${message.id}/${index}`,
            })),
            status: message.status,
            statusAt: iso(message.status_at),
            errorCode: message.error_code,
            errorMessage: message.error_message,
            failureReason: message.failure_reason,
            providerSid: message.provider_sid,
            commandId: message.command_id,
            requestedBy: message.requested_by,
            sentAt: message.sent_at.toISOString(),
            kind: message.kind,
            details: message.details,
            replyToSid: message.reply_to_sid,
            reaction: message.reaction,
          })),
        pendingStatuses: pending
          .filter((status) => status.conversation_id === row.id)
          .map((status) => ({
            providerSid: status.provider_sid,
            status: status.status,
            errorCode: status.error_code,
            reportedAt: status.reported_at.toISOString(),
          })),
      })),
      notes: notes.map((note) => ({
        id: note.id,
        conversationId: note.conversation_id,
        authorId: note.author_id,
        body: note.body,
        createdAt: note.created_at.toISOString(),
        editedAt: iso(note.edited_at),
      })),
      labels: labels.map((label) => ({
        id: label.id,
        name: label.name,
        colour: label.colour,
        conversationIds: label.conversation_ids,
      })),
      notKept: {
        notes: "A deleted note is not kept: its text is gone from the inbox.",
        labels: "A deleted label is not kept: it comes off every conversation.",
        media:
          "The file lists each media item's addresses (Twilio's, and the inbox's path to its kept copy), not its bytes.",
      },
    };
  } finally {
    await endTransaction(client, "ROLLBACK");
  }
}
