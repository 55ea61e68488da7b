import { type ContactCard, contactCard, conversationNotes } from "@cloudpa/read-model";
import type { z } from "zod";
import type { Authenticated } from "#app/accounts/authenticate.server.ts";
import { contactOfOrg } from "#app/erasure/contact-of-org.server.ts";
import { detailsOf, updateContactDetails } from "#app/inbox/contact-details.server.ts";
import { conversationOfOrg } from "#app/inbox/conversation-of-org.server.ts";
import { changeNote, type NoteChange } from "#app/inbox/notes.server.ts";
import { checkOrigin } from "#app/security/csrf.server.ts";
import type { WebContext } from "#app/web-context.server.ts";
import { apiError, apiJson } from "./api-response.server.ts";
import { clientKeyOf } from "./idempotency-key.server.ts";
import { jsonBodyOf } from "./json-body.server.ts";
import { withAuth } from "./messaging-api.server.ts";
import {
  type contactDetailsAcceptedSchema,
  contactDetailsRequestSchema,
  type contactResponseSchema,
  type noteAcceptedSchema,
  type noteListSchema,
  noteRequestSchema,
} from "./notes-contacts-schemas.ts";

const conversationNotFound = () => apiError(404, "CONVERSATION.NOT_FOUND", "No such conversation");
const noteNotFound = () => apiError(404, "NOTE.NOT_FOUND", "No such note in this conversation");
const contactNotFound = () => apiError(404, "CONTACT.NOT_FOUND", "No such contact");
const invalid = (error: z.ZodError) => apiError(400, "REQUEST.INVALID", error.issues.map((i) => i.message).join("; "));

/** `GET /api/v1/messaging/conversations/:id/notes` (scope `read`): the private notes, oldest first. */
export function listNotesResponse(web: WebContext, request: Request, conversationId: string, clientIp = "unknown") {
  return withAuth(web, request, "read", clientIp, async (web, { account }) => {
    if (!(await conversationOfOrg(web, account.orgId, conversationId))) return conversationNotFound();
    const notes = await conversationNotes(web.db, {
      orgId: account.orgId,
      conversationId,
      schema: web.readModelSchema,
    });
    return apiJson({
      notes: notes.map(({ authorId, createdAt, editedAt, ...note }) => ({
        ...note,
        createdAt: createdAt.toISOString(),
        editedAt: editedAt ? editedAt.toISOString() : null,
        mine: authorId === account.userId,
      })),
    } satisfies z.input<typeof noteListSchema>);
  });
}

/**
 * `POST /api/v1/messaging/conversations/:id/notes` `{"body"}` → 202 (scope `send`): adds a private
 * note, never sent to the customer. The `Idempotency-Key` header names the note: the same key adds
 * one note. `PATCH …/notes/:noteId` `{"body"}` edits and `DELETE …/notes/:noteId` deletes one of your
 * own notes (403 NOTE.NOT_AUTHOR for another user's). Another org's conversation or note is 404.
 */
export function changeNoteResponse(
  web: WebContext,
  request: Request,
  conversationId: string,
  noteId: string | undefined,
  clientIp = "unknown",
) {
  return withAuth(web, request, "send", clientIp, async (web, auth) => {
    let change: NoteChange;
    if (noteId === undefined || request.method === "PATCH") {
      const read = await jsonBodyOf(request, auth.via);
      if (!read.ok) return read.response;
      const parsed = noteRequestSchema.safeParse(read.body);
      if (!parsed.success) return invalid(parsed.error);
      if (noteId === undefined) {
        const key = clientKeyOf(request);
        if (!key.ok) return key.response;
        change = { kind: "add", clientKey: key.key, body: parsed.data.body };
      } else change = { kind: "edit", noteId, body: parsed.data.body };
    } else {
      const origin = sameSite(request, auth);
      if (origin) return origin;
      change = { kind: "delete", noteId };
    }
    const outcome = await changeNote(web, auth.account, conversationId, change);
    if (outcome.kind === "not_found") return change.kind === "add" ? conversationNotFound() : noteNotFound();
    if (outcome.kind === "not_author") return apiError(403, "NOTE.NOT_AUTHOR", "Only the note's author can change it");
    return apiJson(
      {
        conversationId,
        noteId: outcome.noteId,
        action: change.kind,
        status: "accepted",
        eventId: outcome.eventId,
      } satisfies z.input<typeof noteAcceptedSchema>,
      202,
      { location: `/api/v1/messaging/conversations/${conversationId}/notes` },
    );
  });
}

/** A signed-in session's write with no body must still come from this site. */
function sameSite(request: Request, auth: Authenticated): Response | undefined {
  if (auth.via !== "session") return undefined;
  const origin = checkOrigin(request);
  return origin.ok ? undefined : apiError(403, "AUTH.CROSS_SITE", origin.reason);
}

/** The contact's card as the API answers it. */
function apiContactOf(card: ContactCard): z.input<typeof contactResponseSchema>["contact"] {
  return {
    id: card.id,
    handle: card.handle,
    profileName: card.profileName,
    name: card.name,
    email: card.email,
    company: card.company,
    notes: card.notes,
    firstSeenAt: new Date(card.firstSeenAt).toISOString(),
    conversations: card.conversations.map((conversation) => ({
      id: conversation.id,
      channel: { number: conversation.channelPhone, name: conversation.channelName },
      lastMessageAt: conversation.lastMessageAt?.toISOString() ?? null,
      lastMessagePreview: conversation.lastMessagePreview,
      unreadCount: conversation.unreadCount,
      markedUnread: conversation.markedUnread,
      archivedAt: conversation.archivedAt?.toISOString() ?? null,
    })),
  };
}

/** `GET /api/v1/messaging/contacts/:id` (scope `read`): the contact's details and every conversation they have with the org. */
export function getContactResponse(web: WebContext, request: Request, contactId: string, clientIp = "unknown") {
  return withAuth(web, request, "read", clientIp, async (web, { account }) => {
    const contact = await contactOfOrg(web, account.orgId, contactId);
    const conversationId = contact?.conversationIds[0];
    if (!conversationId) return contactNotFound();
    const card = await contactCard(web.db, { orgId: account.orgId, conversationId, schema: web.readModelSchema });
    if (!card) return contactNotFound();
    return apiJson({ contact: apiContactOf(card) } satisfies z.input<typeof contactResponseSchema>);
  });
}

/**
 * `PUT /api/v1/messaging/contacts/:id` `{"name", "email", "company", "notes"}` → 202 (scope `send`):
 * replaces the contact's details (one left out, null or blank is cleared); recorded as an event,
 * shown once projected. Another org's contact is 404.
 */
export function putContactResponse(web: WebContext, request: Request, contactId: string, clientIp = "unknown") {
  return withAuth(web, request, "send", clientIp, async (web, auth) => {
    const read = await jsonBodyOf(request, auth.via);
    if (!read.ok) return read.response;
    const parsed = contactDetailsRequestSchema.safeParse(read.body);
    if (!parsed.success) return invalid(parsed.error);
    const outcome = await updateContactDetails(web, auth.account, contactId, detailsOf(parsed.data));
    if (outcome.kind === "not_found") return contactNotFound();
    return apiJson(
      { contactId: outcome.contactId, status: "accepted", eventId: outcome.eventId } satisfies z.input<
        typeof contactDetailsAcceptedSchema
      >,
      202,
      { location: `/api/v1/messaging/contacts/${outcome.contactId}` },
    );
  });
}
