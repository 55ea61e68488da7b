import { isUuid } from "@cloudpa/contracts";
import { compiledQuery } from "@cloudpa/read-model";
import type { Queryable } from "#app/db/queryable.server.ts";

const conversationQuery = compiledQuery((db, values: { conversationId: string; orgId: string }) =>
  db
    .selectFrom("conversation")
    .select([
      "id",
      "unread_count as unreadCount",
      "last_inbound_at as lastInboundAt",
      "muted",
      "muted_until as mutedUntil",
    ])
    .where("id", "=", values.conversationId)
    .where("org_id", "=", values.orgId),
);

/** Whether a conversation belongs to an org (by primary key): every command checks this first. */
export async function conversationOfOrg(
  web: { db: Queryable; readModelSchema: string },
  orgId: string,
  conversationId: string,
): Promise<
  { id: string; unreadCount: number; lastInboundAt: Date | null; muted: boolean; mutedUntil: Date | null } | undefined
> {
  if (!isUuid(conversationId)) return undefined;
  const [conversation] = await conversationQuery(web.db, web.readModelSchema, { conversationId, orgId });
  return conversation;
}
