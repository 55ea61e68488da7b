// The JSON API's saved reply bodies and answers (issue 15), each one zod schema: the handlers parse
// with them and the OpenAPI document is generated from them (openapi.server.ts).
import { uuid } from "@cloudpa/contracts";
import { z } from "zod";
import { savedReplyFormSchema } from "#app/saved-replies/saved-reply-schemas.ts";

export const savedReplySchema = z.object({
  id: uuid,
  name: z.string(),
  shortcut: z.string(),
  body: z.string().meta({ description: "As written, its {{field}}s unfilled" }),
  createdAt: z.iso.datetime(),
  editedAt: z.iso.datetime().nullable(),
});

/** `GET /saved-replies`'s answer: the account's saved replies, by shortcut. */
export const savedReplyListSchema = z.object({ savedReplies: z.array(savedReplySchema) });

/** `POST /saved-replies` and `PUT /saved-replies/{id}`: name, shortcut and body, all three. */
export const savedReplyRequestSchema = savedReplyFormSchema;

/** `POST`, `PUT` and `DELETE`'s answer: recorded (one event; none when an edit changes nothing). */
export const savedReplyAcceptedSchema = z.object({
  savedReplyId: uuid,
  status: z.literal("accepted"),
  eventIds: z.array(uuid),
});
