import { z } from "zod";
import { eventBase, isoTimestamp, uuid } from "./common.js";

/**
 * How the freelancer keeps the inbox in order (issue 15): each is an event the web appends, so a
 * rebuild keeps it. `by` is the user who did it; `at` when (the event's own time is when it was
 * appended). A new customer message brings an archived conversation back (the projection).
 */
const organizedBase = {
  ...eventBase,
  conversationId: uuid,
  by: z.string(),
  at: isoTimestamp,
};

/** Out of the inbox until unarchived or until the customer writes again. */
export const conversationArchivedSchema = z.object({ type: z.literal("ConversationArchived"), ...organizedBase });
export type ConversationArchived = z.infer<typeof conversationArchivedSchema>;

export const conversationUnarchivedSchema = z.object({ type: z.literal("ConversationUnarchived"), ...organizedBase });
export type ConversationUnarchived = z.infer<typeof conversationUnarchivedSchema>;

/** Hidden until `until`, then back at the top of the inbox; a time not after `at` wakes it now. */
export const conversationSnoozedSchema = z.object({
  type: z.literal("ConversationSnoozed"),
  ...organizedBase,
  until: isoTimestamp,
});
export type ConversationSnoozed = z.infer<typeof conversationSnoozedSchema>;

/** Shown above every unpinned conversation. */
export const conversationPinnedSchema = z.object({ type: z.literal("ConversationPinned"), ...organizedBase });
export type ConversationPinned = z.infer<typeof conversationPinnedSchema>;

export const conversationUnpinnedSchema = z.object({ type: z.literal("ConversationUnpinned"), ...organizedBase });
export type ConversationUnpinned = z.infer<typeof conversationUnpinnedSchema>;

/**
 * Unread again, as WhatsApp's "Mark as unread": the freelancer's reminder to come back to it. It
 * counts as one unread conversation, marked, until opened; messages already unread stay as they are.
 */
export const conversationMarkedUnreadSchema = z.object({
  type: z.literal("ConversationMarkedUnread"),
  ...organizedBase,
});
export type ConversationMarkedUnread = z.infer<typeof conversationMarkedUnreadSchema>;

/**
 * Muted, as WhatsApp's "Mute notifications": its customer's messages come in, unread, with no push
 * to the freelancer's devices, no sound and no desktop notification, until `until` (8 hours, a
 * week), or without it until unmuted ("Always").
 */
export const conversationMutedSchema = z.object({
  type: z.literal("ConversationMuted"),
  ...organizedBase,
  until: isoTimestamp.optional(),
});
export type ConversationMuted = z.infer<typeof conversationMutedSchema>;

export const conversationUnmutedSchema = z.object({ type: z.literal("ConversationUnmuted"), ...organizedBase });
export type ConversationUnmuted = z.infer<typeof conversationUnmutedSchema>;

export type ConversationOrganized =
  | ConversationArchived
  | ConversationUnarchived
  | ConversationSnoozed
  | ConversationPinned
  | ConversationUnpinned
  | ConversationMarkedUnread
  | ConversationMuted
  | ConversationUnmuted;
export type ConversationOrganizedType = ConversationOrganized["type"];
