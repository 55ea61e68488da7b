import type { Queryable } from "#app/db/queryable.server.ts";
import { DEFAULT_NOTIFICATION_SETTINGS, type NotificationSettings } from "./notification-settings.ts";

interface SettingsRow {
  unread_badge: boolean;
  sound: boolean;
  desktop: boolean;
  push_preview: boolean;
}

/** The user's notification choices, or the defaults when they never chose. */
export async function notificationSettingsOf(db: Queryable, userId: string): Promise<NotificationSettings> {
  const { rows } = await db.query<SettingsRow>(
    "SELECT unread_badge, sound, desktop, push_preview FROM app.notification_settings WHERE user_id = $1",
    [userId],
  );
  return notificationSettingsOfRow(rows[0]);
}

/** The settings' columns through a LEFT JOIN (sessionOf): all null when the user never chose. */
export type NullableSettingsRow = { [column in keyof SettingsRow]: SettingsRow[column] | null };

/** A row of app.notification_settings as settings; the defaults for no row (or a LEFT JOIN's nulls). */
export function notificationSettingsOfRow(row: NullableSettingsRow | undefined): NotificationSettings {
  if (!row || row.unread_badge === null || row.sound === null || row.desktop === null || row.push_preview === null)
    return DEFAULT_NOTIFICATION_SETTINGS;
  return { unreadBadge: row.unread_badge, sound: row.sound, desktop: row.desktop, pushPreview: row.push_preview };
}

export async function saveNotificationSettings(
  db: Queryable,
  userId: string,
  settings: NotificationSettings,
): Promise<void> {
  await db.query(
    `INSERT INTO app.notification_settings (user_id, unread_badge, sound, desktop, push_preview)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (user_id) DO UPDATE SET unread_badge = $2, sound = $3, desktop = $4, push_preview = $5, updated_at = now()`,
    [userId, settings.unreadBadge, settings.sound, settings.desktop, settings.pushPreview],
  );
}
