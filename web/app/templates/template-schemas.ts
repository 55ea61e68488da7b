// Templates as the inbox, the Templates page and the JSON API show them, and what a freelancer
// submits: zod schemas, so the API's handlers and its OpenAPI document share them.
import { contentSidSchema, templateSendSchema, uuid, whatsappHandle } from "@cloudpa/contracts";
import { z } from "zod";
import { TEMPLATE_CATEGORIES } from "./template-categories.ts";

/** WhatsApp's approval states of a template, as Twilio's ApprovalRequests report them. */
export const approvalStatusSchema = z.string().meta({
  description:
    "WhatsApp's approval: unsubmitted, received, pending, approved, rejected, paused or disabled; only approved templates are sent",
  examples: ["approved"],
});

/** One template of a channel's Twilio account. */
export const channelTemplateSchema = z.object({
  contentSid: contentSidSchema,
  name: z.string(),
  language: z.string().meta({ examples: ["en"] }),
  category: z
    .string()
    .nullable()
    .meta({ examples: ["UTILITY"] }),
  /** The text with its `{{1}}`-style placeholders. */
  body: z.string(),
  /** The placeholders' names, in order of appearance. */
  variables: z.array(z.string()),
  /** The sample value of each variable, as submitted for approval. */
  samples: z.record(z.string(), z.string()),
  status: approvalStatusSchema,
  rejectionReason: z.string().nullable(),
  /** Approved for WhatsApp: may be sent. */
  sendable: z.boolean(),
});
export type ChannelTemplate = z.infer<typeof channelTemplateSchema>;

/** `GET /conversations/:id/templates`: the templates the conversation's number may send. */
export const templateListSchema = z.object({ templates: z.array(channelTemplateSchema) });

/** The send body's template member: `{"template": {"contentSid", "variables"}}`. */
export const sendTemplateBodySchema = z.strictObject({ template: templateSendSchema });

/** `POST /conversations`: a template to a customer, starting (or continuing) their conversation. */
export const startConversationBodySchema = z.strictObject({
  to: whatsappHandle.meta({ examples: ["whatsapp:+447700900123"] }),
  template: templateSendSchema,
  channelId: uuid.optional().meta({ description: "Which of the org's numbers sends; needed when it has several" }),
});

export const conversationStartedSchema = z.object({
  commandId: uuid,
  conversationId: uuid,
  status: z.literal("accepted"),
  duplicate: z.boolean(),
});

/**
 * A new template as a freelancer writes it: WhatsApp's rules for a name (lower case, digits and
 * underscores), a language code, a body of at most 1,024 characters, and a sample per variable.
 */
export const newTemplateSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]{1,512}$/, "a template name is lower-case letters, digits and underscores"),
  category: z.enum(TEMPLATE_CATEGORIES),
  language: z
    .string()
    .trim()
    .regex(/^[a-z]{2,3}(?:_[A-Z]{2})?$/, "a language code like en or en_US"),
  body: z.string().trim().min(1, "a template needs text").max(1024, "a template's text holds at most 1,024 characters"),
  samples: z.record(z.string(), z.string().trim().min(1, "each variable needs a sample")),
});
export type NewTemplate = z.infer<typeof newTemplateSchema>;
