import { MAX_REPLY_LENGTH } from "@cloudpa/contracts";

const error = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: { code: { type: "string", example: "CONVERSATION.NOT_FOUND" }, message: { type: "string" } },
    },
  },
};

const conversationSummary = {
  type: "object",
  properties: {
    id: { type: "string", format: "uuid" },
    chatAccountId: { type: "string", format: "uuid" },
    contactHandle: { type: "string", example: "whatsapp:+447700900123" },
    contactDisplayName: { type: "string" },
    lastMessageAt: { type: "string", format: "date-time" },
    lastInboundAt: { type: "string", format: "date-time", nullable: true },
    lastMessagePreview: { type: "string", nullable: true },
    lastMessageDirection: { type: "string", enum: ["inbound", "outbound"], nullable: true },
    lastMessageStatus: { type: "string", nullable: true },
    unreadCount: { type: "integer" },
    status: { type: "string" },
  },
};

const message = {
  type: "object",
  properties: {
    id: { type: "string", format: "uuid" },
    direction: { type: "string", enum: ["inbound", "outbound"] },
    providerSid: { type: "string", nullable: true },
    commandId: { type: "string", format: "uuid", nullable: true },
    body: { type: "string" },
    media: {
      type: "array",
      items: { type: "object", properties: { url: { type: "string" }, contentType: { type: "string" } } },
    },
    status: { type: "string", example: "delivered" },
    errorCode: { type: "string", nullable: true },
    errorMessage: { type: "string", nullable: true },
    failureReason: { type: "string", nullable: true },
    sentAt: { type: "string", format: "date-time" },
    statusAt: { type: "string", format: "date-time", nullable: true },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
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
const conversationId = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
const contactId = { ...conversationId, description: "The contact's id" };

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
      schemas: { Error: error, ConversationSummary: conversationSummary, Message: message },
    },
    paths: {
      "/api/v1/messaging/conversations": {
        get: {
          summary: "List conversations, newest first (keyset pagination)",
          ...needs("read"),
          parameters: [
            { name: "cursor", in: "query", schema: { type: "string" }, description: "nextCursor of the previous page" },
            { name: "limit", in: "query", schema: { type: "integer", minimum: 1, maximum: 100, default: 25 } },
            { name: "q", in: "query", schema: { type: "string" }, description: "Search by name, number or text" },
            { name: "unread", in: "query", schema: { type: "boolean" }, description: "Only unread conversations" },
          ],
          responses: {
            "200": {
              description: "A page of conversations",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: {
                      conversations: { type: "array", items: { $ref: "#/components/schemas/ConversationSummary" } },
                      nextCursor: { type: "string", nullable: true },
                    },
                  },
                },
              },
            },
            "400": errorResponse("Bad query or cursor"),
            ...gateResponses("read"),
          },
        },
      },
      "/api/v1/messaging/conversations/{id}": {
        get: {
          summary: "A conversation with its latest messages",
          ...needs("read"),
          parameters: [conversationId],
          responses: {
            "200": {
              description: "The conversation",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: {
                      conversation: {
                        allOf: [
                          { $ref: "#/components/schemas/ConversationSummary" },
                          {
                            type: "object",
                            properties: {
                              messages: { type: "array", items: { $ref: "#/components/schemas/Message" } },
                              hasOlder: { type: "boolean" },
                            },
                          },
                        ],
                      },
                    },
                  },
                },
              },
            },
            ...gateResponses("read"),
            "404": errorResponse("No such conversation in your account"),
          },
        },
      },
      "/api/v1/messaging/conversations/{id}/send": {
        post: {
          summary: "Send a WhatsApp reply (asynchronously)",
          ...needs("send"),
          parameters: [
            conversationId,
            {
              name: "Idempotency-Key",
              in: "header",
              schema: { type: "string", maxLength: 200 },
              description: "Repeating a request with the same key sends one message",
            },
          ],
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["text"],
                  properties: {
                    text: {
                      type: "string",
                      maxLength: MAX_REPLY_LENGTH,
                      description: "Counted in UTF-16 code units, as JavaScript counts: an emoji is two",
                    },
                  },
                },
              },
            },
          },
          responses: {
            "202": {
              description: "The reply was accepted; its outcome appears in the conversation",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: {
                      commandId: { type: "string", format: "uuid" },
                      conversationId: { type: "string", format: "uuid" },
                      status: { type: "string", enum: ["accepted"] },
                      duplicate: { type: "boolean" },
                    },
                  },
                },
              },
            },
            "400": errorResponse("No text, or longer than the limit (code REPLY.TOO_LONG)"),
            ...gateResponses("send"),
            "404": errorResponse("No such conversation in your account"),
            "415": errorResponse("Body is not JSON"),
          },
        },
      },
      "/api/v1/messaging/contacts/{id}/export": {
        get: {
          summary: "Download everything kept about one contact (JSON file)",
          description:
            "The contact, their conversations, messages with statuses and media references, and pending " +
            "statuses. `notes` and `labels` are always empty: Cloud PA keeps none yet. The contact id is " +
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
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["confirm"],
                  properties: { confirm: { type: "string", description: "The contact's number, to confirm" } },
                },
              },
            },
          },
          responses: {
            "200": {
              description: "Erased; the counts say what was erased where",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: {
                      contactId: { type: "string", format: "uuid" },
                      conversationIds: { type: "array", items: { type: "string", format: "uuid" } },
                      erased: {
                        type: "object",
                        properties: {
                          events: { type: "integer" },
                          commands: { type: "integer" },
                          outboundRecords: { type: "integer" },
                        },
                      },
                      erasedAt: { type: "string", format: "date-time" },
                      recordSeq: { type: "integer" },
                    },
                  },
                },
              },
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
