import { isUuid } from "@cloudpa/contracts";
import { quotedSchema } from "@cloudpa/read-model";
import type { WebContext } from "#app/web-context.server.ts";

/** Whether a conversation belongs to an org (by primary key): every command checks this first. */
export async function conversationOfOrg(
  web: Pick<WebContext, "db" | "readModelSchema">,
  orgId: string,
  conversationId: string,
): Promise<{ id: string; unreadCount: number } | undefined> {
  if (!isUuid(conversationId)) return undefined;
  const { rows } = await web.db.query<{ id: string; unread_count: number }>(
    `SELECT id, unread_count FROM ${quotedSchema(web.readModelSchema)}.conversation WHERE id = $1 AND org_id = $2`,
    [conversationId, orgId],
  );
  const row = rows[0];
  return row && { id: row.id, unreadCount: row.unread_count };
}
