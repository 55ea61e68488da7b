import {
  savedReplyBodySchema as bodyTextSchema,
  MAX_SAVED_REPLY_BODY,
  MAX_SAVED_REPLY_NAME,
  MAX_SAVED_REPLY_SHORTCUT,
  savedReplyNameSchema,
  savedReplyShortcutSchema,
} from "@cloudpa/contracts";
import { z } from "zod";

// A saved reply's fields as the JSON API and the settings forms take them (issue 15): one schema,
// the contracts' own rules. An edit gives all three, as the event carries them.

/** `POST /saved-replies`, `PUT /saved-replies/{id}`, and the settings page's forms. */
export const savedReplyFormSchema = z.strictObject({
  name: savedReplyNameSchema.meta({
    description: `1 to ${MAX_SAVED_REPLY_NAME} characters, unique in your account (ignoring case)`,
  }),
  shortcut: savedReplyShortcutSchema.meta({
    description: `What follows "/" in the composer: 1 to ${MAX_SAVED_REPLY_SHORTCUT} of a-z, 0-9, "-" and "_", unique in your account`,
  }),
  body: bodyTextSchema.meta({
    maxLength: MAX_SAVED_REPLY_BODY,
    description: `The text, at most ${MAX_SAVED_REPLY_BODY} characters; {{name}}, {{first_name}}, {{email}}, {{company}} and {{phone}} are filled from the contact when inserted, any other {{field}} is left for you to fill`,
  }),
});
export type SavedReplyBody = z.infer<typeof savedReplyFormSchema>;

/** The limits the settings page states (contracts is a server-side package: they come as data). */
export const SAVED_REPLY_LIMITS = {
  name: MAX_SAVED_REPLY_NAME,
  shortcut: MAX_SAVED_REPLY_SHORTCUT,
  body: MAX_SAVED_REPLY_BODY,
} as const;
