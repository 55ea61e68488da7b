// The JSON API's bodies and query, each one zod schema: the handlers parse with them, and the
// OpenAPI document's schemas are generated from them (openapi.server.ts), so the two cannot drift.
import { MAX_SEND_MEDIA, replyTextSchema, uuid } from "@cloudpa/contracts";
import { INBOX_VIEWS, MAX_INBOX_PAGE } from "@cloudpa/read-model";
import { z } from "zod";
import { eraseConfirmationSchema } from "#app/erasure/erase-confirmation.ts";
import { inboxSearchSchema } from "#app/inbox/inbox-search.ts";
import { muteBodySchema, ORGANIZE_ACTIONS, snoozeBodySchema } from "#app/inbox/organize.server.ts";
import { sendTemplateBodySchema } from "#app/templates/template-schemas.ts";
import { conversationHistoryFields } from "./history-api-schemas.ts";
import { messageKindFields } from "./message-kind-schemas.ts";

/** Every code an API error may carry. */
export const API_ERROR_CODES = [
  "AUTH.REQUIRED",
  "AUTH.CROSS_SITE",
  "AUTH.TOKEN_EXPIRED",
  "AUTH.INSUFFICIENT_SCOPE",
  "RATE.LIMITED",
  "REQUEST.BAD_JSON",
  "REQUEST.INVALID",
  "REQUEST.UNSUPPORTED_MEDIA_TYPE",
  "INBOX.BAD_CURSOR",
  "HISTORY.BAD_CURSOR",
  "CONVERSATION.NOT_FOUND",
  "LABEL.NOT_FOUND",
  "LABEL.NAME_TAKEN",
  "LABEL.LIMIT",
  "NOTE.NOT_FOUND",
  "NOTE.NOT_AUTHOR",
  "CONTACT.NOT_FOUND",
  "CONTACT.ERASE_NOT_CONFIRMED",
  "SAVED_REPLY.NOT_FOUND",
  "SAVED_REPLY.TAKEN",
  "SAVED_REPLY.LIMIT",
  "REPLY.TOO_LONG",
  "MEDIA.TOO_LARGE",
  "MEDIA.UNSUPPORTED_TYPE",
  "MEDIA.NOT_FOUND",
  "REPLY.WINDOW_CLOSED",
  "TEMPLATE.NOT_SENDABLE",
  "TEMPLATE.VARIABLES_MISSING",
  "TEMPLATES.UNAVAILABLE",
  "CHANNEL.NOT_FOUND",
  "CHANNEL.AMBIGUOUS",
  "CHANNEL.INACTIVE",
  "ROUTE.NOT_FOUND",
  "METHOD.NOT_ALLOWED",
  "SERVICE.UNAVAILABLE",
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** Every API error has one shape: `{ error: { code, message } }`. */
export const apiErrorSchema = z.object({
  error: z.object({ code: z.enum(API_ERROR_CODES), message: z.string() }),
});

const timestamp = z.iso.datetime();
const direction = z.enum(["inbound", "outbound"]);

export const conversationSummarySchema = z.object({
  id: uuid,
  chatAccountId: uuid,
  contactHandle: z.string().meta({ examples: ["whatsapp:+447700900123"] }),
  contactDisplayName: z.string(),
  lastMessageAt: timestamp,
  lastInboundAt: timestamp.nullable(),
  lastMessagePreview: z.string().nullable(),
  lastMessageDirection: direction.nullable(),
  lastMessageStatus: z.string().nullable(),
  unreadCount: z
    .int()
    .meta({ description: "Customer messages not yet read; 1 while marked unread with none (see markedUnread)" }),
  markedUnread: z.boolean().meta({ description: "Marked unread (…/mark-unread) with no message unread" }),
  muted: z
    .boolean()
    .meta({ description: "Muted (…/mute): its messages are not pushed, sounded or notified until mutedUntil" }),
  mutedUntil: timestamp
    .nullable()
    .meta({ description: "The mute's end; null while muted until unmuted, or never muted" }),
  status: z.string(),
  pinned: z.boolean().meta({ description: "Listed before every unpinned conversation" }),
  snoozedUntil: timestamp
    .nullable()
    .meta({ description: "Hidden from the inbox until then, then back on top; null when never snoozed" }),
  archivedAt: timestamp.nullable().meta({ description: "Archived since; a new customer message unarchives" }),
  labelIds: z.array(uuid).meta({ description: "Your labels on it (GET /api/v1/messaging/labels names them)" }),
});

export const messageSchema = z.object({
  id: uuid,
  direction,
  providerSid: z.string().nullable(),
  commandId: uuid.nullable(),
  body: z.string(),
  media: z.array(z.object({ url: z.string(), contentType: z.string() })),
  status: z.string().meta({ examples: ["delivered"] }),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  failureReason: z.string().nullable(),
  sentAt: timestamp,
  statusAt: timestamp.nullable(),
  ...messageKindFields,
});

/** `GET /conversations`'s query. */
export const listConversationsQuerySchema = z.object({
  cursor: z.string().max(200).optional().meta({ description: "nextCursor of the previous page" }),
  limit: z.coerce.number().int().min(1).max(MAX_INBOX_PAGE).default(25),
  q: inboxSearchSchema.optional().meta({ description: "Search by name, number or text" }),
  unread: z.enum(["true", "false"]).optional().meta({ description: "Only unread conversations" }),
  view: z
    .enum(INBOX_VIEWS)
    .default("inbox")
    .meta({ description: "inbox (not archived, snoozed ones once their time passed) or archived" }),
  label: uuid.optional().meta({ description: "Only conversations with this label (one of yours: else 404)" }),
});

export const conversationListSchema = z.object({
  conversations: z.array(conversationSummarySchema),
  nextCursor: z.string().nullable(),
});

export const conversationResponseSchema = z.object({
  conversation: conversationSummarySchema.extend({
    messages: z.array(messageSchema),
    hasOlder: z.boolean(),
    // The whole history (issue 15): the way to older messages, and a search's hits.
    ...conversationHistoryFields,
  }),
});

/** The send body's text member: the reply's text, by the command's own rule. */
export const sendTextBodySchema = z.strictObject({ text: replyTextSchema });

/** A send's media: ids the upload answered (`POST /media`), at most Twilio's 10, each once. */
export const mediaIdsSchema = z
  .array(uuid)
  .min(1, "send at least one mediaId")
  .max(MAX_SEND_MEDIA, `at most ${MAX_SEND_MEDIA} files in one message (Twilio's limit)`)
  .refine((ids) => new Set(ids).size === ids.length, "each mediaId once")
  .meta({ description: `Ids from POST /api/v1/messaging/media, at most ${MAX_SEND_MEDIA}` });

/** `POST /conversations/:id/send`'s media body: uploaded files by id, with an optional caption. */
export const sendMediaBodySchema = z.strictObject({ mediaIds: mediaIdsSchema, text: replyTextSchema.optional() });

/** Whether a send's body is the media kind (it names mediaIds), to be parsed with sendMediaBodySchema. */
export function isMediaSendBody(body: unknown): boolean {
  return typeof body === "object" && body !== null && "mediaIds" in body;
}

/** Whether a send's body is the template kind (it names a template), to be parsed with sendTemplateBodySchema. */
export function isTemplateSendBody(body: unknown): boolean {
  return typeof body === "object" && body !== null && "template" in body;
}

/**
 * `POST /conversations/:id/send`'s body: exactly one of `{text}`, `{template: {contentSid,
 * variables}}` or `{mediaIds, text?}` (z.xor of strict members: no body is two of them, and
 * OpenAPI says oneOf). The handler parses the member the body names (isTemplateSendBody,
 * isMediaSendBody) for a precise error.
 */
export const sendReplyBodySchema = z.xor([sendTextBodySchema, sendTemplateBodySchema, sendMediaBodySchema]);

/** `POST /media`'s answer: the stored file, to send by its id. */
export const mediaUploadedSchema = z.object({
  mediaId: uuid,
  contentType: z.string().meta({ examples: ["application/pdf"] }),
  size: z.int().meta({ description: "Bytes" }),
  name: z.string(),
});

/** The longest `Idempotency-Key` taken. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** The `Idempotency-Key` header: repeating a request with the same key sends one message. */
export const idempotencyKeySchema = z
  .string()
  .trim()
  .min(1)
  .max(MAX_IDEMPOTENCY_KEY_LENGTH)
  .meta({ description: "Repeating a request with the same key sends one message" });

export const sendReplyAcceptedSchema = z.object({
  commandId: uuid,
  conversationId: uuid,
  status: z.literal("accepted"),
  duplicate: z.boolean(),
});

/** `POST /conversations/:id/snooze`'s body. */
export const snoozeRequestSchema = snoozeBodySchema;

/** `POST /conversations/:id/mute`'s body, when it has one: the mute's end. */
export const muteRequestSchema = muteBodySchema;

/** `POST /conversations/:id/{archive,unarchive,snooze,pin,unpin}`'s answer: the change is recorded, the inbox follows. */
export const conversationOrganizedSchema = z.object({
  conversationId: uuid,
  action: z.enum(ORGANIZE_ACTIONS),
  status: z.literal("accepted"),
  eventId: uuid,
});

/** `POST /contacts/:id/erase`'s body: the same schema as the conversation view's erase form. */
export const eraseContactBodySchema = eraseConfirmationSchema;

export const contactErasedSchema = z.object({
  contactId: uuid,
  conversationIds: z.array(uuid),
  erased: z.object({ events: z.int(), commands: z.int(), outboundRecords: z.int() }),
  erasedAt: timestamp,
  recordSeq: z.int(),
});
