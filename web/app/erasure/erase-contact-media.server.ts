import { inboundMediaIdFor } from "@cloudpa/contracts";
import { eraseMediaObject } from "@cloudpa/kit";
import { quotedSchema } from "@cloudpa/read-model";
import { mediaStoreOf } from "#app/media/media-store.server.ts";
import type { WebContext } from "#app/web-context.server.ts";

/**
 * Erases from the org's media Object Store (decision 021) every stored file of the contact's
 * conversations: inbound copies the media keeper kept and files the user sent them. The ids come
 * from the events the erasure has just erased (`fromEvents`: what they name, and the ids an
 * inbound message's copies are stored under, which follow from the message alone) and from the
 * read model's messages, which stay until `ContactErased` is projected, so a run again after
 * stopping midway (events already erased) still finds what is left. An inbound copy is found
 * whether or not the keeper's InboundMediaStored was appended or projected (docs/decisions/010,
 * "Stored media"). Returns how many objects it erased; a missing object counts as none.
 */
export async function eraseContactMedia(
  web: WebContext,
  orgId: string,
  conversationIds: string[],
  fromEvents: Iterable<string> = [],
): Promise<number> {
  const mediaIds = new Set(fromEvents);
  if (conversationIds.length > 0)
    for (const mediaId of await readModelMediaIds(web, orgId, conversationIds)) mediaIds.add(mediaId);
  if (mediaIds.size === 0) return 0;
  const store = await mediaStoreOf(web);
  const jsm = await web.js.jetstreamManager();
  let erased = 0;
  for (const mediaId of mediaIds) if (await eraseMediaObject(jsm, web.names, store, { orgId, mediaId })) erased += 1;
  web.logger.info("contact media erased", {
    orgId,
    conversations: conversationIds.length,
    found: mediaIds.size,
    erased,
  });
  return erased;
}

/** The ids the read model knows: each item's stored copy, and where an inbound item's copy would be. */
async function readModelMediaIds(web: WebContext, orgId: string, conversationIds: string[]): Promise<string[]> {
  const s = quotedSchema(web.readModelSchema);
  const { rows } = await web.db.query<{ media_id: string | null; inbound_sid: string | null; item_index: number }>(
    `SELECT item->>'mediaId' AS media_id,
            CASE WHEN m.direction = 'inbound' THEN m.provider_sid END AS inbound_sid,
            (ord - 1)::int AS item_index
       FROM ${s}.message m CROSS JOIN LATERAL jsonb_array_elements(m.media) WITH ORDINALITY AS items(item, ord)
      WHERE m.org_id = $1 AND m.conversation_id = ANY($2::uuid[])`,
    [orgId, conversationIds],
  );
  return rows.flatMap((row) => [
    ...(row.media_id ? [row.media_id] : []),
    ...(row.inbound_sid ? [inboundMediaIdFor(orgId, row.inbound_sid, row.item_index)] : []),
  ]);
}
