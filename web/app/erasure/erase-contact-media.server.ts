import { quotedSchema } from "@cloudpa/read-model";
import { mediaStoreOf } from "#app/media/media-store.server.ts";
import type { WebContext } from "#app/web-context.server.ts";

/**
 * Deletes from the org's media Object Store (decision 021) every stored file of the contact's
 * conversations: inbound copies the media keeper kept and files the user sent them. The ids come
 * from the read model's messages, which stay until `ContactErased` is projected, so an erasure run
 * again after stopping midway (events already erased) still finds what is left. A missing object
 * counts as deleted. Returns how many objects it deleted.
 */
export async function eraseContactMedia(web: WebContext, orgId: string, conversationIds: string[]): Promise<number> {
  if (conversationIds.length === 0) return 0;
  const s = quotedSchema(web.readModelSchema);
  const { rows } = await web.db.query<{ media_id: string }>(
    `SELECT DISTINCT item->>'mediaId' AS media_id
       FROM ${s}.message m CROSS JOIN LATERAL jsonb_array_elements(m.media) AS item
      WHERE m.org_id = $1 AND m.conversation_id = ANY($2::uuid[]) AND item ? 'mediaId'`,
    [orgId, conversationIds],
  );
  if (rows.length === 0) return 0;
  const store = await mediaStoreOf(web);
  let deleted = 0;
  for (const { media_id: mediaId } of rows) if (await store.delete({ orgId, mediaId })) deleted += 1;
  web.logger.info("contact media erased", {
    orgId,
    conversations: conversationIds.length,
    found: rows.length,
    deleted,
  });
  return deleted;
}
