import { formatMediaLimit, MEDIA_SIZE_LIMITS } from "@cloudpa/contracts";
import { z } from "zod";
import { ORGANIZE_ACTIONS, type OrganizeAction } from "#app/inbox/organize.server.ts";
import {
  channelTemplateSchema,
  conversationStartedSchema,
  startConversationBodySchema,
  templateListSchema,
} from "#app/templates/template-schemas.ts";
import {
  apiErrorSchema,
  contactErasedSchema,
  conversationListSchema,
  conversationOrganizedSchema,
  conversationResponseSchema,
  conversationSummarySchema,
  eraseContactBodySchema,
  idempotencyKeySchema,
  listConversationsQuerySchema,
  mediaUploadedSchema,
  messageSchema,
  muteRequestSchema,
  sendReplyAcceptedSchema,
  sendReplyBodySchema,
  snoozeRequestSchema,
} from "./api-schemas.ts";
import { conversationQuerySchema } from "./history-api-schemas.ts";
import {
  conversationLabelAcceptedSchema,
  conversationLabelRequestSchema,
  createLabelRequestSchema,
  labelAcceptedSchema,
  labelListSchema,
  labelSchema,
  updateLabelRequestSchema,
} from "./label-api-schemas.ts";
import {
  contactDetailsAcceptedSchema,
  contactDetailsRequestSchema,
  contactResponseSchema,
  noteAcceptedSchema,
  noteListSchema,
  noteRequestSchema,
} from "./notes-contacts-schemas.ts";
import {
  savedReplyAcceptedSchema,
  savedReplyListSchema,
  savedReplyRequestSchema,
  savedReplySchema,
} from "./saved-reply-api-schemas.ts";

/** WhatsApp's media limits as the document states them, from contracts' one list. */
const MEDIA_LIMITS_TEXT = Object.entries(MEDIA_SIZE_LIMITS)
  .map(([kind, bytes]) => `${kind} at most ${formatMediaLimit(bytes)}`)
  .join(", ");

/** The document's named schemas, each generated from the zod schema the handlers parse or answer with. */
const named = {
  Error: apiErrorSchema,
  ConversationSummary: conversationSummarySchema,
  Message: messageSchema,
  ConversationList: conversationListSchema,
  Conversation: conversationResponseSchema,
  SendReplyRequest: sendReplyBodySchema,
  SendReplyAccepted: sendReplyAcceptedSchema,
  MediaUploaded: mediaUploadedSchema,
  EraseContactRequest: eraseContactBodySchema,
  ContactErased: contactErasedSchema,
  Template: channelTemplateSchema,
  TemplateList: templateListSchema,
  StartConversationRequest: startConversationBodySchema,
  ConversationStarted: conversationStartedSchema,
  SnoozeRequest: snoozeRequestSchema,
  MuteRequest: muteRequestSchema,
  ConversationOrganized: conversationOrganizedSchema,
  NoteList: noteListSchema,
  NoteRequest: noteRequestSchema,
  NoteAccepted: noteAcceptedSchema,
  Contact: contactResponseSchema,
  ContactDetailsRequest: contactDetailsRequestSchema,
  ContactDetailsAccepted: contactDetailsAcceptedSchema,
  Label: labelSchema,
  LabelList: labelListSchema,
  CreateLabelRequest: createLabelRequestSchema,
  UpdateLabelRequest: updateLabelRequestSchema,
  LabelAccepted: labelAcceptedSchema,
  ConversationLabelRequest: conversationLabelRequestSchema,
  ConversationLabelAccepted: conversationLabelAcceptedSchema,
  SavedReply: savedReplySchema,
  SavedReplyList: savedReplyListSchema,
  SavedReplyRequest: savedReplyRequestSchema,
  SavedReplyAccepted: savedReplyAcceptedSchema,
};
type SchemaName = keyof typeof named;

/** What the JSON Schema says already or only restates: a format's pattern, an int's safe bounds. */
function trimmed(schema: z.core.JSONSchema.BaseSchema) {
  if (schema.format) delete schema.pattern;
  if (schema.minimum === Number.MIN_SAFE_INTEGER) delete schema.minimum;
  if (schema.maximum === Number.MAX_SAFE_INTEGER) delete schema.maximum;
}

/** JSON Schema (draft 2020-12, OpenAPI 3.1's dialect) of what a client sends and receives. */
function jsonSchemaOf(schema: z.ZodType) {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: "input",
    override: ({ jsonSchema }) => trimmed(jsonSchema),
  });
  return rest;
}

function componentSchemas(): Record<SchemaName, z.core.JSONSchema.BaseSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io: "input",
    uri: (id) => `#/components/schemas/${id}`,
    override: ({ jsonSchema }) => trimmed(jsonSchema),
  });
  const out = {} as Record<SchemaName, z.core.JSONSchema.BaseSchema>;
  for (const id of Object.keys(named) as SchemaName[]) {
    const { $schema: _dialect, $id: _id, ...schema } = schemas[id] ?? {};
    out[id] = schema;
  }
  return out;
}

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (name: SchemaName) => ({ "application/json": { schema: ref(name) } });

const errorResponse = (description: string) => ({
  description,
  content: jsonBody("Error"),
});
/** What every operation may answer besides its own: no caller, an expired token, no scope, too many requests. */
const gateResponses = (scope: "read" | "send") => ({
  "401": errorResponse("Not authenticated, or the token expired (code AUTH.TOKEN_EXPIRED)"),
  "403": errorResponse(`The token lacks the \`${scope}\` scope (code AUTH.INSUFFICIENT_SCOPE)`),
  "429": {
    ...errorResponse("Too many requests (code RATE.LIMITED); retry after the Retry-After header's seconds"),
    headers: { "Retry-After": { description: "Seconds until the budget refills", schema: { type: "integer" } } },
  },
});
/** The scope an operation needs: the token's scopes must include it (a signed-in session has all). */
const needs = (scope: "read" | "send") => ({ security: [{ bearer: [scope] }], "x-required-scope": scope });
const conversationId = { name: "id", in: "path", required: true, schema: jsonSchemaOf(z.uuid()) };
const contactId = { ...conversationId, description: "The contact's id" };

/** An object schema's fields as OpenAPI query parameters, each field's description lifted out. */
function queryParameters(schema: z.ZodObject) {
  const json = jsonSchemaOf(schema);
  return Object.entries(json.properties ?? {}).map(([name, field]) => {
    const { description, ...fieldSchema } = field as z.core.JSONSchema.BaseSchema;
    return {
      name,
      in: "query",
      ...(json.required?.includes(name) ? { required: true } : {}),
      ...(description ? { description } : {}),
      schema: fieldSchema,
    };
  });
}

function headerParameter(name: string, schema: z.ZodType) {
  const { description, ...headerSchema } = jsonSchemaOf(schema);
  return { name, in: "header", ...(description ? { description } : {}), schema: headerSchema };
}

/** What each of the inbox's order operations does (issue 15), by its path's last segment. */
const ORGANIZE_SUMMARIES: Record<OrganizeAction, string> = {
  archive: "Archive a conversation: out of the inbox until unarchived or until the customer writes again",
  unarchive: "Unarchive a conversation: back in the inbox",
  snooze: "Snooze a conversation until a time: hidden from the inbox until then, then back on top",
  pin: "Pin a conversation: listed before every unpinned one",
  unpin: "Unpin a conversation",
  "mark-unread": "Mark a conversation unread: listed as unread (markedUnread) until it is next read",
  mute: "Mute a conversation: its messages are not pushed, sounded or notified, until `until` or until unmuted",
  unmute: "Unmute a conversation: its messages notify again",
};

/** `POST …/conversations/{id}/<action>` of each order operation. */
function organizePaths() {
  return Object.fromEntries(
    ORGANIZE_ACTIONS.map((action) => [
      `/api/v1/messaging/conversations/{id}/${action}`,
      {
        post: {
          summary: ORGANIZE_SUMMARIES[action],
          description:
            "Recorded as an event; the inbox shows the change once it is projected (`GET …/conversations` and " +
            "`GET …/conversations/{id}` carry `pinned`, `snoozedUntil`, `archivedAt`, `unreadCount`, `markedUnread`, `muted` and `mutedUntil`).",
          ...needs("send"),
          parameters: [conversationId],
          ...(action === "snooze" ? { requestBody: { required: true, content: jsonBody("SnoozeRequest") } } : {}),
          ...(action === "mute" ? { requestBody: { required: false, content: jsonBody("MuteRequest") } } : {}),
          responses: {
            "202": { description: "Accepted", content: jsonBody("ConversationOrganized") },
            ...(action === "snooze"
              ? {
                  "400": errorResponse("`until` is not a time with its offset, or further than a year"),
                  "415": errorResponse("Body is not JSON"),
                }
              : action === "mute"
                ? {
                    "400": errorResponse(
                      "A body given is not JSON, or its `until` not a time with its offset within a year",
                    ),
                  }
                : {}),
            ...gateResponses("send"),
            "404": errorResponse("No such conversation in your account"),
          },
        },
      },
    ]),
  );
}

/** Labels (issue 15): the account's own, each change recorded as an event and shown once projected. */
function labelPaths() {
  const labelId = { name: "id", in: "path", required: true, schema: jsonSchemaOf(z.uuid()) };
  const labelIdOfConversation = { name: "labelId", in: "path", required: true, schema: jsonSchemaOf(z.uuid()) };
  const recorded = "Recorded as an event; the label (and every conversation carrying it) follows once projected.";
  const bodyErrors = {
    "400": errorResponse("The body does not fit its schema (a blank or too long name, an unknown colour or field)"),
    "415": errorResponse("Body is not JSON"),
  };
  return {
    "/api/v1/messaging/labels": {
      get: {
        summary: "List your labels, by name",
        ...needs("read"),
        responses: {
          "200": { description: "The labels", content: jsonBody("LabelList") },
          ...gateResponses("read"),
        },
      },
      post: {
        summary: "Create a label with a name and a colour of the palette",
        description: recorded,
        ...needs("send"),
        requestBody: { required: true, content: jsonBody("CreateLabelRequest") },
        responses: {
          "202": { description: "Accepted; `labelId` is the new label", content: jsonBody("LabelAccepted") },
          ...bodyErrors,
          "409": errorResponse("A label of that name exists (LABEL.NAME_TAKEN), or the account has 100 (LABEL.LIMIT)"),
          ...gateResponses("send"),
        },
      },
    },
    "/api/v1/messaging/labels/{id}": {
      patch: {
        summary: "Rename a label, recolour it, or both",
        description: recorded,
        ...needs("send"),
        parameters: [labelId],
        requestBody: { required: true, content: jsonBody("UpdateLabelRequest") },
        responses: {
          "202": { description: "Accepted (no event when nothing changes)", content: jsonBody("LabelAccepted") },
          ...bodyErrors,
          "404": errorResponse("No such label in your account"),
          "409": errorResponse("Another of your labels has that name"),
          ...gateResponses("send"),
        },
      },
      delete: {
        summary: "Delete a label: it comes off every conversation",
        description: recorded,
        ...needs("send"),
        parameters: [labelId],
        responses: {
          "202": { description: "Accepted", content: jsonBody("LabelAccepted") },
          "404": errorResponse("No such label in your account"),
          ...gateResponses("send"),
        },
      },
    },
    "/api/v1/messaging/conversations/{id}/labels": {
      post: {
        summary: "Put one of your labels on a conversation",
        description: `${recorded} \`labelIds\` of the conversation lists it then.`,
        ...needs("send"),
        parameters: [conversationId],
        requestBody: { required: true, content: jsonBody("ConversationLabelRequest") },
        responses: {
          "202": { description: "Accepted", content: jsonBody("ConversationLabelAccepted") },
          ...bodyErrors,
          "404": errorResponse("No such conversation, or no such label, in your account"),
          ...gateResponses("send"),
        },
      },
    },
    "/api/v1/messaging/conversations/{id}/labels/{labelId}": {
      delete: {
        summary: "Take a label off a conversation",
        description: recorded,
        ...needs("send"),
        parameters: [conversationId, labelIdOfConversation],
        responses: {
          "202": { description: "Accepted", content: jsonBody("ConversationLabelAccepted") },
          "404": errorResponse("No such conversation, or no such label, in your account"),
          ...gateResponses("send"),
        },
      },
    },
  };
}

/** Saved replies (issue 15): the account's own, each change recorded as an event and listed once projected. */
function savedReplyPaths() {
  const savedReplyId = { name: "id", in: "path", required: true, schema: jsonSchemaOf(z.uuid()) };
  const recorded = "Recorded as an event; the list (and the composer) shows the change once it is projected.";
  const bodyErrors = {
    "400": errorResponse(
      "The body does not fit its schema (a blank or too long field, a shortcut with other characters)",
    ),
    "415": errorResponse("Body is not JSON"),
  };
  return {
    "/api/v1/messaging/saved-replies": {
      get: {
        summary: "List your saved replies, by shortcut",
        ...needs("read"),
        responses: {
          "200": { description: "The saved replies", content: jsonBody("SavedReplyList") },
          ...gateResponses("read"),
        },
      },
      post: {
        summary: "Create a saved reply: a name, a shortcut and a text with {{field}}s",
        description: recorded,
        ...needs("send"),
        requestBody: { required: true, content: jsonBody("SavedReplyRequest") },
        responses: {
          "202": { description: "Accepted; `savedReplyId` is the new one", content: jsonBody("SavedReplyAccepted") },
          ...bodyErrors,
          "409": errorResponse(
            "A saved reply of that name or shortcut exists (SAVED_REPLY.TAKEN), or the account has 200 (SAVED_REPLY.LIMIT)",
          ),
          ...gateResponses("send"),
        },
      },
    },
    "/api/v1/messaging/saved-replies/{id}": {
      put: {
        summary: "Replace a saved reply's name, shortcut and text",
        description: recorded,
        ...needs("send"),
        parameters: [savedReplyId],
        requestBody: { required: true, content: jsonBody("SavedReplyRequest") },
        responses: {
          "202": { description: "Accepted (no event when nothing changes)", content: jsonBody("SavedReplyAccepted") },
          ...bodyErrors,
          "404": errorResponse("No such saved reply in your account"),
          "409": errorResponse("Another of your saved replies has that name or shortcut"),
          ...gateResponses("send"),
        },
      },
      delete: {
        summary: "Delete a saved reply",
        description: recorded,
        ...needs("send"),
        parameters: [savedReplyId],
        responses: {
          "202": { description: "Accepted", content: jsonBody("SavedReplyAccepted") },
          "404": errorResponse("No such saved reply in your account"),
          ...gateResponses("send"),
        },
      },
    },
  };
}

/** Private notes and contact details (issue 15): recorded as events, shown once projected. */
function notesAndContactPaths() {
  const noteId = { name: "noteId", in: "path", required: true, schema: jsonSchemaOf(z.uuid()) };
  const recorded = "Recorded as an event; the conversation shows the change once it is projected.";
  const bodyErrors = {
    "400": errorResponse("The body does not fit its schema (a blank or too long text, an unknown field)"),
    "415": errorResponse("Body is not JSON"),
  };
  return {
    "/api/v1/messaging/conversations/{id}/notes": {
      get: {
        summary: "List a conversation's private notes, oldest first",
        ...needs("read"),
        parameters: [conversationId],
        responses: {
          "200": { description: "The notes", content: jsonBody("NoteList") },
          ...gateResponses("read"),
          "404": errorResponse("No such conversation in your account"),
        },
      },
      post: {
        summary: "Add a private note to a conversation: never sent to the customer",
        description: `${recorded} The Idempotency-Key header names the note: the same key adds one note.`,
        ...needs("send"),
        parameters: [conversationId, headerParameter("Idempotency-Key", idempotencyKeySchema)],
        requestBody: { required: true, content: jsonBody("NoteRequest") },
        responses: {
          "202": { description: "Accepted", content: jsonBody("NoteAccepted") },
          ...bodyErrors,
          ...gateResponses("send"),
          "404": errorResponse("No such conversation in your account"),
        },
      },
    },
    "/api/v1/messaging/conversations/{id}/notes/{noteId}": {
      patch: {
        summary: "Edit one of your private notes",
        description: recorded,
        ...needs("send"),
        parameters: [conversationId, noteId],
        requestBody: { required: true, content: jsonBody("NoteRequest") },
        responses: {
          "202": { description: "Accepted", content: jsonBody("NoteAccepted") },
          ...bodyErrors,
          ...gateResponses("send"),
          "404": errorResponse("No such note in this conversation (code NOTE.NOT_FOUND)"),
        },
      },
      delete: {
        summary: "Delete one of your private notes",
        description: recorded,
        ...needs("send"),
        parameters: [conversationId, noteId],
        responses: {
          "202": { description: "Accepted", content: jsonBody("NoteAccepted") },
          ...gateResponses("send"),
          "404": errorResponse("No such note in this conversation (code NOTE.NOT_FOUND)"),
        },
      },
    },
    "/api/v1/messaging/contacts/{id}": {
      get: {
        summary: "A contact's details and every conversation they have with your account, across its numbers",
        ...needs("read"),
        parameters: [contactId],
        responses: {
          "200": { description: "The contact", content: jsonBody("Contact") },
          ...gateResponses("read"),
          "404": errorResponse("No such contact in your account (code CONTACT.NOT_FOUND)"),
        },
      },
      put: {
        summary: "Set a contact's name, email, company and notes",
        description: `Replaces all four (one left out, null or blank is cleared). The name is shown instead of the WhatsApp profile name. ${recorded}`,
        ...needs("send"),
        parameters: [contactId],
        requestBody: { required: true, content: jsonBody("ContactDetailsRequest") },
        responses: {
          "202": { description: "Accepted", content: jsonBody("ContactDetailsAccepted") },
          ...bodyErrors,
          ...gateResponses("send"),
          "404": errorResponse("No such contact in your account (code CONTACT.NOT_FOUND)"),
        },
      },
    },
  };
}

/** The JSON API's OpenAPI 3.1 document, served at `/api/v1/openapi.json`. */
export function openApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Cloud PA messaging API",
      version: "1.0.0",
      description:
        "Read the WhatsApp inbox and send replies. Authenticate with a personal API token " +
        "(`Authorization: Bearer cpa_…`, created in Settings or by " +
        "`npm run cloudpa -- tokens create --email <email> --scope read,send --expires-in 30d`). " +
        "A token has scopes: `read` (list and read conversations) and `send` (send replies); each " +
        "operation names the scope it needs. Requests are rate limited per token and per client " +
        "address (429 with Retry-After).",
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: componentSchemas(),
    },
    paths: {
      "/api/v1/messaging/conversations": {
        get: {
          summary: "List conversations, newest first (keyset pagination)",
          ...needs("read"),
          parameters: queryParameters(listConversationsQuerySchema),
          responses: {
            "200": {
              description: "A page of conversations",
              content: jsonBody("ConversationList"),
            },
            "400": errorResponse("Bad query or cursor"),
            "404": errorResponse("No such label in your account (the `label` filter)"),
            ...gateResponses("read"),
          },
        },
        post: {
          summary: "Start a conversation: send an approved template to a customer's number",
          description:
            "WhatsApp lets a business write first only with an approved template. The conversation's id follows " +
            "from the number and the customer, so a customer who wrote before gets their own conversation; a new " +
            "one appears in the inbox once the send is recorded. Name `channelId` when the account has several numbers.",
          ...needs("send"),
          parameters: [headerParameter("Idempotency-Key", idempotencyKeySchema)],
          requestBody: { required: true, content: jsonBody("StartConversationRequest") },
          responses: {
            "202": {
              description: "The template was accepted for sending; `conversationId` is the conversation",
              content: jsonBody("ConversationStarted"),
            },
            "400": errorResponse(
              "Bad body, a variable without a value (TEMPLATE.VARIABLES_MISSING), or several numbers and no channelId (CHANNEL.AMBIGUOUS)",
            ),
            ...gateResponses("send"),
            "404": errorResponse("No such connected number in your account (code CHANNEL.NOT_FOUND)"),
            "409": errorResponse("The number is disconnected (code CHANNEL.INACTIVE)"),
            "415": errorResponse("Body is not JSON"),
            "422": errorResponse(
              "The template is not an approved template of this number (code TEMPLATE.NOT_SENDABLE)",
            ),
            "502": errorResponse("Twilio's Content API could not be asked (code TEMPLATES.UNAVAILABLE)"),
          },
        },
      },
      "/api/v1/messaging/conversations/{id}": {
        get: {
          summary: "A conversation with its latest messages, or older ones, and a search in it",
          description:
            "Its whole history in keyset pages: pass an answer's `olderCursor` as `before` for the messages " +
            "before those (oldest first in each page), until `olderCursor` is null at the first message. " +
            "`q` adds the messages whose text contains it (`hits`, newest first).",
          ...needs("read"),
          parameters: [conversationId, ...queryParameters(conversationQuerySchema)],
          responses: {
            "200": {
              description: "The conversation",
              content: jsonBody("Conversation"),
            },
            "400": errorResponse("Bad query, or a `before` this server did not give (HISTORY.BAD_CURSOR)"),
            ...gateResponses("read"),
            "404": errorResponse("No such conversation in your account"),
          },
        },
      },
      "/api/v1/messaging/conversations/{id}/send": {
        post: {
          summary: "Send a WhatsApp reply (asynchronously): text, an approved template, or files",
          description:
            "The body is exactly one of `{text}`, `{template: {contentSid, variables}}` or `{mediaIds, text?}`. " +
            "WhatsApp takes free text and files only within 24 hours of the customer's last message; after that " +
            "(or to a customer who never wrote) the answer is 409 `REPLY.WINDOW_CLOSED` and nothing is sent: send " +
            "an approved template (listed by `GET …/{id}/templates`), which goes at any time.",
          ...needs("send"),
          parameters: [conversationId, headerParameter("Idempotency-Key", idempotencyKeySchema)],
          requestBody: { required: true, content: jsonBody("SendReplyRequest") },
          responses: {
            "202": {
              description: "The reply was accepted; its outcome appears in the conversation",
              content: jsonBody("SendReplyAccepted"),
            },
            "400": errorResponse(
              "No text, longer than the limit (code REPLY.TOO_LONG), or a template variable without a value (code TEMPLATE.VARIABLES_MISSING)",
            ),
            ...gateResponses("send"),
            "404": errorResponse("No such conversation in your account"),
            "409": errorResponse(
              "The 24-hour window is closed: only a template can be sent (code REPLY.WINDOW_CLOSED); or the number is disconnected (CHANNEL.INACTIVE)",
            ),
            "415": errorResponse("Body is not JSON"),
            "422": errorResponse(
              "The template is not an approved template of this number (code TEMPLATE.NOT_SENDABLE)",
            ),
            "502": errorResponse("Twilio's Content API could not be asked (code TEMPLATES.UNAVAILABLE)"),
            "503": {
              ...errorResponse(
                "Not confirmed: the message store did not answer in time (code SERVICE.UNAVAILABLE). The message may " +
                  "still go out: send again after Retry-After with the same Idempotency-Key, and it goes out once at most",
              ),
              headers: {
                "Retry-After": { description: "Seconds to wait before sending again", schema: { type: "integer" } },
              },
            },
          },
        },
      },
      ...organizePaths(),
      ...notesAndContactPaths(),
      ...labelPaths(),
      ...savedReplyPaths(),
      "/api/v1/messaging/media": {
        post: {
          summary: "Upload a file to send (an image, video, audio, PDF or Office document)",
          description:
            "Multipart form data with the file in the field `file`. WhatsApp's limits through Twilio apply: " +
            `${MEDIA_LIMITS_TEXT}. Send the answered \`mediaId\` (up to 10 of them) with ` +
            "`POST …/conversations/{id}/send` `{mediaIds, text?}`. A file is only ever sent by your own account.",
          ...needs("send"),
          requestBody: {
            required: true,
            content: {
              "multipart/form-data": {
                schema: {
                  type: "object",
                  required: ["file"],
                  properties: { file: { type: "string", format: "binary" } },
                },
              },
            },
          },
          responses: {
            "201": { description: "The file is kept, to be sent by its id", content: jsonBody("MediaUploaded") },
            "400": errorResponse("No file in the field file"),
            ...gateResponses("send"),
            "413": errorResponse(
              "Over WhatsApp's limit for its kind of file (code MEDIA.TOO_LARGE; the limit is named)",
            ),
            "415": errorResponse(
              "A type WhatsApp cannot send (code MEDIA.UNSUPPORTED_TYPE), or not multipart/form-data",
            ),
          },
        },
      },
      "/api/v1/messaging/conversations/{id}/templates": {
        get: {
          summary: "The approved WhatsApp templates the conversation's number can send",
          description:
            "Read from Twilio's Content API with the number's own account and kept; `refresh=true` reads them again " +
            "(a template approved since). Only templates WhatsApp approved are listed.",
          ...needs("read"),
          parameters: [
            conversationId,
            {
              name: "refresh",
              in: "query",
              description: "Ask Twilio again",
              schema: { type: "string", enum: ["true"] },
            },
          ],
          responses: {
            "200": { description: "The sendable templates", content: jsonBody("TemplateList") },
            ...gateResponses("read"),
            "404": errorResponse("No such conversation in your account"),
            "502": errorResponse("Twilio's Content API could not be asked (code TEMPLATES.UNAVAILABLE)"),
          },
        },
      },
      "/api/v1/messaging/contacts/{id}/export": {
        get: {
          summary: "Download everything kept about one contact (JSON file)",
          description:
            "The contact, their conversations, messages with statuses and media references, and pending " +
            "statuses, the contact's details and the private notes of their conversations, and the labels on those conversations. The contact id is " +
            "in the conversation view's Export link.",
          ...needs("read"),
          parameters: [contactId],
          responses: {
            "200": {
              description: "The file (`format: cloudpa.contact-export.v1`), as an attachment",
              content: { "application/json": { schema: { type: "object" } } },
            },
            ...gateResponses("read"),
            "404": errorResponse("No such contact in your account (code CONTACT.NOT_FOUND)"),
          },
        },
      },
      "/api/v1/messaging/contacts/{id}/erase": {
        post: {
          summary: "Erase a contact everywhere, for good",
          description:
            "Erases the contact's conversations from the event store, their queued replies and delivery " +
            "records, then records the erasure (without personal data); their rows leave the inbox once it " +
            "is projected. Calling it again after an interruption finishes the job; once done, the contact " +
            "is unknown (404).",
          ...needs("send"),
          parameters: [contactId],
          requestBody: { required: true, content: jsonBody("EraseContactRequest") },
          responses: {
            "200": {
              description: "Erased; the counts say what was erased where",
              content: jsonBody("ContactErased"),
            },
            "400": errorResponse("`confirm` is not the contact's number (code CONTACT.ERASE_NOT_CONFIRMED)"),
            ...gateResponses("send"),
            "404": errorResponse("No such contact in your account (code CONTACT.NOT_FOUND)"),
            "415": errorResponse("Body is not JSON"),
          },
        },
      },
    },
  };
}
