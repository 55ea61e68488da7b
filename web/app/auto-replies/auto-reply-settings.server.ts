import { type AutoReplySettings, autoReplySettingsSchema } from "@cloudpa/contracts";
import type { Queryable } from "#app/db/queryable.server.ts";

/**
 * The org's working hours and automatic replies, or undefined when it never saved any (both
 * replies off). The stored document is parsed with the schema the form was: a row an older
 * version wrote that no longer fits reads as none, so nothing is sent on settings nobody can see.
 */
export async function autoReplySettingsOf(db: Queryable, orgId: string): Promise<AutoReplySettings | undefined> {
  const { rows } = await db.query<{ settings: unknown }>(
    "SELECT settings FROM app.auto_reply_settings WHERE org_id = $1",
    [orgId],
  );
  if (!rows[0]) return undefined;
  const parsed = autoReplySettingsSchema.safeParse(rows[0].settings);
  return parsed.success ? parsed.data : undefined;
}

export async function saveAutoReplySettings(db: Queryable, orgId: string, settings: AutoReplySettings): Promise<void> {
  await db.query(
    `INSERT INTO app.auto_reply_settings (org_id, settings) VALUES ($1, $2)
     ON CONFLICT (org_id) DO UPDATE SET settings = $2, updated_at = now()`,
    [orgId, JSON.stringify(settings)],
  );
}
