import { z } from "zod";
import type { CloudpaNames } from "../names.js";
import { eventBase, isoTimestamp, uuid } from "./common.js";

/**
 * Saved replies (issue 15): an org's canned texts, each with a name, a shortcut typed after `/`
 * in the composer, and a body that may hold `{{field}}`s filled from the contact when inserted.
 * Every change is an event the web appends, so a rebuild keeps it. `by` is the user who did it,
 * `at` when. A saved reply's events sit on its own subject in the org's partition, as a label's.
 */
export const MAX_SAVED_REPLY_NAME = 60;
export const MAX_SAVED_REPLY_SHORTCUT = 30;
export const MAX_SAVED_REPLY_BODY = 1600;

/** A saved reply's name: trimmed, 1 to 60 characters, no control characters. */
export const savedReplyNameSchema = z
  .string()
  .trim()
  .min(1, "a saved reply needs a name")
  .max(MAX_SAVED_REPLY_NAME, `a saved reply's name has at most ${MAX_SAVED_REPLY_NAME} characters`)
  .refine((name) => !/\p{Cc}/u.test(name), "a saved reply's name has no control characters");

/** A shortcut: what follows `/` in the composer; lower-case letters, digits, `-` and `_`, 1 to 30. */
export const savedReplyShortcutSchema = z
  .string()
  .trim()
  .min(1, "a saved reply needs a shortcut")
  .max(MAX_SAVED_REPLY_SHORTCUT, `a shortcut has at most ${MAX_SAVED_REPLY_SHORTCUT} characters`)
  .regex(/^[a-z0-9_-]+$/, "a shortcut is lower-case letters, digits, '-' and '_'");

/** A saved reply's text: not blank, at most 1600 characters (an SMS's longest), no NUL. */
export const savedReplyBodySchema = z
  .string()
  .refine((text) => text.trim().length > 0, "a saved reply cannot be empty")
  .refine((text) => text.length <= MAX_SAVED_REPLY_BODY, `a saved reply is at most ${MAX_SAVED_REPLY_BODY} characters`)
  .refine((text) => !text.includes("\u0000"), "a saved reply cannot contain a NUL character");

const savedReplyBase = { ...eventBase, savedReplyId: uuid, by: z.string(), at: isoTimestamp };
const savedReplyContent = {
  name: savedReplyNameSchema,
  shortcut: savedReplyShortcutSchema,
  body: savedReplyBodySchema,
};

export const savedReplyCreatedSchema = z.object({
  type: z.literal("SavedReplyCreated"),
  ...savedReplyBase,
  ...savedReplyContent,
});
export type SavedReplyCreated = z.infer<typeof savedReplyCreatedSchema>;

/** The saved reply's name, shortcut and body as they now are (all three, changed or not). */
export const savedReplyEditedSchema = z.object({
  type: z.literal("SavedReplyEdited"),
  ...savedReplyBase,
  ...savedReplyContent,
});
export type SavedReplyEdited = z.infer<typeof savedReplyEditedSchema>;

export const savedReplyDeletedSchema = z.object({ type: z.literal("SavedReplyDeleted"), ...savedReplyBase });
export type SavedReplyDeleted = z.infer<typeof savedReplyDeletedSchema>;

export type SavedReplyEvent = SavedReplyCreated | SavedReplyEdited | SavedReplyDeleted;

/** The last token of a saved reply's events' subjects. */
export const SAVED_REPLY_EVENT_KINDS = {
  SavedReplyCreated: "saved_reply_created",
  SavedReplyEdited: "saved_reply_edited",
  SavedReplyDeleted: "saved_reply_deleted",
} as const satisfies Record<SavedReplyEvent["type"], string>;
export type SavedReplyEventKind = (typeof SAVED_REPLY_EVENT_KINDS)[keyof typeof SAVED_REPLY_EVENT_KINDS];

/** `<ns>.evt.p<k>.<orgId>.saved_reply.<savedReplyId>.<kind>` (docs/decisions/019): in the org's partition. */
export function savedReplyEventSubject(
  names: CloudpaNames,
  orgId: string,
  savedReplyId: string,
  kind: SavedReplyEventKind,
): string {
  return `${names.orgEventsRoot(orgId)}.saved_reply.${savedReplyId}.${kind}`;
}
