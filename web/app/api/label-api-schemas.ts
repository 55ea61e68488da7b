// The JSON API's label bodies and answers (issue 15), each one zod schema: the handlers parse with
// them and the OpenAPI document is generated from them (openapi.server.ts).
import { labelColourSchema, uuid } from "@cloudpa/contracts";
import { z } from "zod";
import {
  conversationLabelBodySchema,
  createLabelBodySchema,
  updateLabelBodySchema,
} from "#app/labels/label-schemas.ts";

export const labelSchema = z.object({
  id: uuid,
  name: z.string(),
  colour: labelColourSchema,
  createdAt: z.iso.datetime(),
});

/** `GET /labels`'s answer: the account's labels, by name. */
export const labelListSchema = z.object({ labels: z.array(labelSchema) });

export const createLabelRequestSchema = createLabelBodySchema;
export const updateLabelRequestSchema = updateLabelBodySchema;
export const conversationLabelRequestSchema = conversationLabelBodySchema;

/** `POST /labels`, `PATCH` and `DELETE /labels/{id}`'s answer: recorded (one event per change; none when nothing changes). */
export const labelAcceptedSchema = z.object({
  labelId: uuid,
  status: z.literal("accepted"),
  eventIds: z.array(uuid),
});

/** `POST /conversations/{id}/labels` and `DELETE …/labels/{labelId}`'s answer. */
export const conversationLabelAcceptedSchema = z.object({
  conversationId: uuid,
  labelId: uuid,
  action: z.enum(["label", "unlabel"]),
  status: z.literal("accepted"),
  eventId: uuid,
});
