import type { MediaObjectRef } from "@cloudpa/contracts";
import { type MediaStore, mediaBucketStream, mediaRecordSubject } from "@cloudpa/kit";
import { quotedSchema } from "@cloudpa/read-model";
import type { JetStreamManager } from "@nats-io/jetstream";
import { mediaStoreOf } from "#app/media/media-store.server.ts";
import type { WebContext } from "#app/web-context.server.ts";
import { eraseStoredMessages } from "./erase-stored-messages.server.ts";

/**
 * Erases from the org's media Object Store (decision 021) every stored file of the contact's
 * conversations: inbound copies the media keeper kept and files the user sent them. The ids come
 * from the read model's messages, which stay until `ContactErased` is projected, so an erasure run
 * again after stopping midway (events already erased) still finds what is left. Returns how many
 * objects it erased; a missing object counts as erased.
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
  const jsm = await web.js.jetstreamManager();
  let erased = 0;
  for (const { media_id: mediaId } of rows) if (await eraseObject(web, jsm, store, { orgId, mediaId })) erased += 1;
  web.logger.info("contact media erased", { orgId, conversations: conversationIds.length, found: rows.length, erased });
  return erased;
}

/**
 * One object, as erasure erases messages (docs/decisions/010): its chunks overwritten on disk and
 * deleted, then every record on its subject (the file's name is in it), after which the object is
 * absent. Not the Object Store's delete: it purges the chunks and, by a roll-up, the record, and a
 * purge leaves the bytes on disk. A run stopped between the steps is finished by the next (the
 * record, still there, names the chunks).
 */
async function eraseObject(
  web: WebContext,
  jsm: JetStreamManager,
  store: MediaStore,
  ref: MediaObjectRef,
): Promise<boolean> {
  const stream = mediaBucketStream(web.names);
  const chunks = await store.chunksSubject(ref);
  if (chunks) await eraseStoredMessages(jsm, stream, chunks);
  const records = await eraseStoredMessages(jsm, stream, mediaRecordSubject(web.names, ref));
  return chunks !== undefined || records > 0;
}
