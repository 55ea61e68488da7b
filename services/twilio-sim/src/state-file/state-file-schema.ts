import { z } from "zod";
import type { ContentTemplate } from "../content-api/content-template.js";
import type { SimMedia, SimMessage } from "../sim-state.js";

/**
 * The simulator's state file: what Twilio keeps across a restart of its own (every message with its
 * status and media, every Content template with its approval). Not kept: the simulator's test knobs
 * (behaviour, clock offset) and the record of status callbacks sent.
 */

/** A date as JSON.stringify writes it (ISO 8601, extended years included: a pending review ends in +275760). */
const date = z.string().transform((text, context) => {
  const parsed = new Date(text);
  if (Number.isNaN(parsed.getTime())) {
    context.addIssue({ code: "custom", message: `not a date: ${text}` });
    return z.NEVER;
  }
  return parsed;
});

const mediaSchema = z.strictObject({
  sid: z.string(),
  contentType: z.string(),
  dataBase64: z.base64(),
  filename: z.string().optional(),
  dateCreated: date,
});

const messageSchema = z.strictObject({
  sid: z.string(),
  accountSid: z.string(),
  direction: z.enum(["outbound-api", "inbound"]),
  from: z.string(),
  to: z.string(),
  body: z.string(),
  mediaUrls: z.array(z.string()),
  media: z.array(mediaSchema),
  extraParams: z.record(z.string(), z.string()),
  contentSid: z.string().nullable(),
  messagingServiceSid: z.string().nullable(),
  statusCallback: z.string().nullable(),
  status: z.string(),
  errorCode: z.number().int().nullable(),
  errorMessage: z.string().nullable(),
  numSegments: z.number().int(),
  dateCreated: date,
  dateUpdated: date,
  dateSent: date.nullable(),
});

const approvalSchema = z.strictObject({
  name: z.string(),
  category: z.string(),
  submittedAt: date,
  pendingAt: date,
  decidedAt: date,
  outcome: z.enum(["approved", "rejected"]),
  rejectionReason: z.string(),
});

const templateSchema = z.strictObject({
  sid: z.string(),
  accountSid: z.string(),
  friendlyName: z.string(),
  language: z.string(),
  variables: z.record(z.string(), z.string()),
  types: z.record(z.string(), z.unknown()),
  dateCreated: date,
  dateUpdated: date,
  approval: approvalSchema.nullable(),
});

/** Version 1. A later version adds fields with defaults, so that files written before still load. */
export const stateFileSchema = z.strictObject({
  version: z.literal(1),
  messages: z.array(messageSchema),
  templates: z.array(templateSchema),
});
export type StateFileJson = z.input<typeof stateFileSchema>;

/** What the simulator starts with, read back from its state file. */
export interface SavedState {
  messages: SimMessage[];
  templates: ContentTemplate[];
}

export function savedStateOf(file: z.output<typeof stateFileSchema>): SavedState {
  return {
    messages: file.messages.map((message) => ({
      ...message,
      media: message.media.map(
        ({ dataBase64, ...media }): SimMedia => ({
          ...media,
          data: Buffer.from(dataBase64, "base64"),
        }),
      ),
    })),
    templates: file.templates.map((template) => ({ ...template, approval: template.approval ?? undefined })),
  };
}

/** The state file's JSON for the simulator's messages and templates now. */
export function stateFileOf(messages: readonly SimMessage[], templates: readonly ContentTemplate[]): StateFileJson {
  const iso = (at: Date) => at.toISOString();
  return {
    version: 1,
    messages: messages.map((message) => ({
      ...message,
      media: message.media.map(({ data, ...media }) => ({
        ...media,
        dataBase64: data.toString("base64"),
        dateCreated: iso(media.dateCreated),
      })),
      dateCreated: iso(message.dateCreated),
      dateUpdated: iso(message.dateUpdated),
      dateSent: message.dateSent ? iso(message.dateSent) : null,
    })),
    templates: templates.map((template) => ({
      ...template,
      dateCreated: iso(template.dateCreated),
      dateUpdated: iso(template.dateUpdated),
      approval: template.approval
        ? {
            ...template.approval,
            submittedAt: iso(template.approval.submittedAt),
            pendingAt: iso(template.approval.pendingAt),
            decidedAt: iso(template.approval.decidedAt),
          }
        : null,
    })),
  };
}
