// The JSON API's side of a conversation's whole history (issue 15): `GET /conversations/{id}`'s
// query and what its answer carries besides the messages. Parsed by the handler, described by the
// OpenAPI document, from these schemas.
import { MAX_HISTORY_HITS, MAX_HISTORY_PAGE } from "@cloudpa/read-model";
import { z } from "zod";
import { inboxSearchSchema } from "#app/inbox/inbox-search.ts";

/** `GET /conversations/{id}`'s query. */
export const conversationQuerySchema = z.object({
  before: z
    .string()
    .max(200)
    .optional()
    .meta({ description: "olderCursor of a previous answer: the messages before it (older), else the latest" }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_HISTORY_PAGE)
    .optional()
    .meta({
      description: `How many messages (default 200 for the latest, 50 before a cursor; at most ${MAX_HISTORY_PAGE})`,
    }),
  q: inboxSearchSchema
    .optional()
    .meta({ description: `Search this conversation's text: its hits, newest first, at most ${MAX_HISTORY_HITS}` }),
});

const hitSchema = z.object({
  id: z.uuid(),
  direction: z.enum(["inbound", "outbound"]),
  body: z.string(),
  sentAt: z.iso.datetime(),
});

/** What the conversation's answer carries besides its messages. */
export const conversationHistoryFields = {
  olderCursor: z
    .string()
    .nullable()
    .meta({ description: "Pass as `before` for the page of older messages; null at the first message" }),
  hits: z
    .array(hitSchema)
    .optional()
    .meta({ description: "With `q`: the messages whose text contains it, newest first" }),
  moreHits: z
    .boolean()
    .optional()
    .meta({ description: `With \`q\`: more than ${MAX_HISTORY_HITS} messages match` }),
};
