import { z } from "zod";
import type { CloudpaNames } from "../names.js";
import { eventBase, isoTimestamp, uuid } from "./common.js";

/**
 * Labels (issue 15): an org's own tags for conversations, each with a name and a colour from a
 * small fixed palette (the web shows each as a chip whose text and background pass WCAG AA).
 * Every change is an event the web appends, so a rebuild keeps it. `by` is the user who did it,
 * `at` when. A label's events sit on its own subject beside the conversations'; putting one on a
 * conversation, or taking it off, sits on the conversation's.
 */
export const LABEL_COLOURS = ["grey", "red", "orange", "yellow", "green", "teal", "blue", "purple", "pink"] as const;
export const labelColourSchema = z.enum(LABEL_COLOURS);
export type LabelColour = z.infer<typeof labelColourSchema>;

export const MAX_LABEL_NAME = 40;
/** A label's name: trimmed, 1 to 40 characters, no control characters. */
export const labelNameSchema = z
  .string()
  .trim()
  .min(1, "a label needs a name")
  .max(MAX_LABEL_NAME, `a label's name has at most ${MAX_LABEL_NAME} characters`)
  .refine((name) => !/\p{Cc}/u.test(name), "a label's name has no control characters");

const labelBase = { ...eventBase, labelId: uuid, by: z.string(), at: isoTimestamp };

export const labelCreatedSchema = z.object({
  type: z.literal("LabelCreated"),
  ...labelBase,
  name: labelNameSchema,
  colour: labelColourSchema,
});
export type LabelCreated = z.infer<typeof labelCreatedSchema>;

export const labelRenamedSchema = z.object({ type: z.literal("LabelRenamed"), ...labelBase, name: labelNameSchema });
export type LabelRenamed = z.infer<typeof labelRenamedSchema>;

export const labelRecolouredSchema = z.object({
  type: z.literal("LabelRecoloured"),
  ...labelBase,
  colour: labelColourSchema,
});
export type LabelRecoloured = z.infer<typeof labelRecolouredSchema>;

/** The label is gone, and with it from every conversation that had it. */
export const labelDeletedSchema = z.object({ type: z.literal("LabelDeleted"), ...labelBase });
export type LabelDeleted = z.infer<typeof labelDeletedSchema>;

const conversationLabelBase = { ...labelBase, conversationId: uuid };

/** The label put on a conversation (of the same org). */
export const conversationLabelledSchema = z.object({
  type: z.literal("ConversationLabelled"),
  ...conversationLabelBase,
});
export type ConversationLabelled = z.infer<typeof conversationLabelledSchema>;

/** The label taken off a conversation. */
export const conversationUnlabelledSchema = z.object({
  type: z.literal("ConversationUnlabelled"),
  ...conversationLabelBase,
});
export type ConversationUnlabelled = z.infer<typeof conversationUnlabelledSchema>;

export type LabelChanged = LabelCreated | LabelRenamed | LabelRecoloured | LabelDeleted;
export type ConversationLabelChanged = ConversationLabelled | ConversationUnlabelled;
export type LabelEvent = LabelChanged | ConversationLabelChanged;

/** The last token of a label's own events' subjects. */
export const LABEL_EVENT_KINDS = {
  LabelCreated: "label_created",
  LabelRenamed: "label_renamed",
  LabelRecoloured: "label_recoloured",
  LabelDeleted: "label_deleted",
} as const satisfies Record<LabelChanged["type"], string>;
export type LabelEventKind = (typeof LABEL_EVENT_KINDS)[keyof typeof LABEL_EVENT_KINDS];

/**
 * `<ns>.evt.p<k>.<orgId>.label.<labelId>.<kind>` (docs/decisions/019): in the org's partition, so
 * a label is projected before any event that puts it on a conversation.
 */
export function labelEventSubject(names: CloudpaNames, orgId: string, labelId: string, kind: LabelEventKind): string {
  return `${names.orgEventsRoot(orgId)}.label.${labelId}.${kind}`;
}
