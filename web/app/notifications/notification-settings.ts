import { z } from "zod";

/**
 * A user's notification choices (issue 15), kept in `app.notification_settings`; a user who never
 * chose has the defaults: the unread count in the title and favicon, and desktop notifications
 * (the browser still asks its own permission), no sound; pushes show the message's preview.
 */
export const notificationSettingsSchema = z.object({
  /** The unread count in the tab's title and a badge on its favicon. */
  unreadBadge: z.boolean(),
  /** A short tone when a customer's message arrives in an open tab. */
  sound: z.boolean(),
  /** A desktop notification (Notification API) from an open tab when a customer's message arrives. */
  desktop: z.boolean(),
  /** Pushes (and desktop notifications) show the message's first line; off, only who wrote. */
  pushPreview: z.boolean(),
});
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  unreadBadge: true,
  sound: false,
  desktop: true,
  pushPreview: true,
};

/** The settings form: a checkbox is sent only when ticked. */
export function notificationSettingsOfForm(form: FormData): NotificationSettings {
  return {
    unreadBadge: form.get("unreadBadge") === "on",
    sound: form.get("sound") === "on",
    desktop: form.get("desktop") === "on",
    pushPreview: form.get("pushPreview") === "on",
  };
}
