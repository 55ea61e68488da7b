import type { MediaObjectRef } from "@cloudpa/contracts";
import type { JetStreamManager } from "@nats-io/jetstream";
import { eraseStoredMessages } from "./erase-stored-messages.js";
import { type MediaStore, mediaBucketStream, mediaRecordSubject } from "./media-store.js";

/**
 * Erases one object of the media bucket as erasure erases messages (docs/decisions/010): its
 * chunks overwritten on disk and deleted, then every record on its subject (the file's name is in
 * it), after which the object is absent. Not the Object Store's delete: it purges the chunks and,
 * by a roll-up, the record, and a purge leaves the bytes on disk. A run stopped between the steps
 * is finished by the next (the record, still there, names the chunks). Returns whether there was
 * anything to erase.
 */
export async function eraseMediaObject(
  jsm: JetStreamManager,
  names: { mediaBucket: string },
  store: MediaStore,
  ref: MediaObjectRef,
): Promise<boolean> {
  const stream = mediaBucketStream(names);
  const chunks = await store.chunksSubject(ref);
  if (chunks) await eraseStoredMessages(jsm, stream, chunks);
  const records = await eraseStoredMessages(jsm, stream, mediaRecordSubject(names, ref));
  return chunks !== undefined || records > 0;
}
