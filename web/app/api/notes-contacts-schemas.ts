// The JSON API's private notes and contact details (issue 15), each one zod schema: the handlers
// parse and answer with them, and the OpenAPI document's schemas are generated from them.
import { uuid } from "@cloudpa/contracts";
import { z } from "zod";
import { contactDetailsBodySchema } from "#app/inbox/contact-details.server.ts";
import { noteBodySchema } from "#app/inbox/notes.server.ts";

const timestamp = z.iso.datetime();

export const noteSchema = z.object({
  id: uuid,
  conversationId: uuid,
  body: z.string(),
  createdAt: timestamp,
  editedAt: timestamp.nullable(),
  mine: z.boolean().meta({ description: "Whether you wrote it: only its author may edit or delete it" }),
});

/** `GET /conversations/:id/notes`: the conversation's private notes, oldest first. */
export const noteListSchema = z.object({ notes: z.array(noteSchema) });

/** `POST /conversations/:id/notes` and `PATCH …/notes/:noteId`'s body. */
export const noteRequestSchema = noteBodySchema;

export const NOTE_API_ACTIONS = ["add", "edit", "delete"] as const;

/** A note added, edited or deleted: recorded as an event, the conversation shows it once projected. */
export const noteAcceptedSchema = z.object({
  conversationId: uuid,
  noteId: uuid,
  action: z.enum(NOTE_API_ACTIONS),
  status: z.literal("accepted"),
  eventId: uuid,
});

export const contactSchema = z.object({
  id: uuid,
  handle: z.string(),
  profileName: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  company: z.string().nullable(),
  notes: z.string().nullable(),
  firstSeenAt: timestamp,
  conversations: z
    .array(
      z.object({
        id: uuid,
        channel: z.object({ number: z.string().nullable(), name: z.string().nullable() }),
        lastMessageAt: timestamp.nullable(),
        lastMessagePreview: z.string().nullable(),
        unreadCount: z.int(),
        markedUnread: z.boolean(),
        archivedAt: timestamp.nullable(),
      }),
    )
    .meta({ description: "Every conversation of the contact with your account, across its numbers, latest first" }),
});

/** `GET /contacts/:id`. */
export const contactResponseSchema = z.object({ contact: contactSchema });

/** `PUT /contacts/:id`'s body: the four details, each replaced. */
export const contactDetailsRequestSchema = contactDetailsBodySchema;

export const contactDetailsAcceptedSchema = z.object({
  contactId: uuid,
  status: z.literal("accepted"),
  eventId: uuid,
});
