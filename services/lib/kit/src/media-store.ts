import type { MediaObjectRef, StoredMedia } from "@cloudpa/contracts";
import { StorageType } from "@nats-io/jetstream";
import { type ObjectStore, Objm } from "@nats-io/obj";
import type { NatsConnection } from "@nats-io/transport-node";

/** The one name the media store needs (any of the namespace's name sets has it). */
type MediaNames = { mediaBucket: string };

/** The stream behind the media bucket (nats.js names Object Store streams `OBJ_<bucket>`). */
export function mediaBucketStream(names: MediaNames): string {
  return `OBJ_${names.mediaBucket}`;
}

/** Creates the media bucket, replicated like the streams; only the set-up step calls this (`ensureStreams`). */
export async function ensureMediaBucket(nc: NatsConnection, names: MediaNames, replicas: number): Promise<void> {
  await new Objm(nc).create(names.mediaBucket, {
    replicas,
    storage: StorageType.File,
    description: "Cloud PA media: uploads to send and kept copies of inbound media (decision 021)",
  });
}

/** One stored file with its bytes, as a stream. */
export interface MediaObject {
  media: StoredMedia;
  data: ReadableStream<Uint8Array>;
}

/** An object's name in the bucket: the org first, so one org's id never reaches another's object. */
function objectName(ref: MediaObjectRef): string {
  return `${ref.orgId}/${ref.mediaId}`;
}

/**
 * The subject of an object's record (its name, content type, file name and chunks' id), as nats.js
 * writes it: `$O.<bucket>.M.<padded base64url of the name>`. Erasure erases it (docs/decisions/010).
 */
export function mediaRecordSubject(names: MediaNames, ref: MediaObjectRef): string {
  const encoded = Buffer.from(objectName(ref)).toString("base64url");
  return `$O.${names.mediaBucket}.M.${encoded.padEnd(Math.ceil(encoded.length / 4) * 4, "=")}`;
}

/**
 * The media Object Store (decision 021): every object is one org's file, named `<orgId>/<mediaId>`,
 * with its content type, size and file name in the object's metadata. Reads by org and id only,
 * so an id of another org finds nothing.
 */
export class MediaStore {
  constructor(private readonly store: ObjectStore) {}

  /** Binds to the bucket the set-up step created (never creates it). */
  static async open(nc: NatsConnection, names: MediaNames): Promise<MediaStore> {
    return new MediaStore(await new Objm(nc).open(names.mediaBucket));
  }

  async put(orgId: string, media: StoredMedia, data: Uint8Array): Promise<StoredMedia> {
    const info = await this.store.putBlob(
      {
        name: objectName({ orgId, mediaId: media.mediaId }),
        metadata: { contentType: media.contentType, fileName: media.name },
      },
      data,
    );
    return { ...media, size: info.size };
  }

  /** The file's record, or undefined when this org has no such object. */
  async info(ref: MediaObjectRef): Promise<StoredMedia | undefined> {
    const info = await this.store.info(objectName(ref));
    if (!info || info.deleted) return undefined;
    return {
      mediaId: ref.mediaId,
      contentType: info.metadata?.contentType ?? "application/octet-stream",
      size: info.size,
      name: info.metadata?.fileName ?? ref.mediaId,
    };
  }

  /** The subject of the object's chunks (`$O.<bucket>.C.<nuid>`), or undefined when there is no such object. */
  async chunksSubject(ref: MediaObjectRef): Promise<string | undefined> {
    const info = await this.store.info(objectName(ref));
    return !info || info.deleted ? undefined : `$O.${info.bucket}.C.${info.nuid}`;
  }

  /**
   * Deletes the org's object (its chunks are purged and a deletion record replaces its record).
   * Returns whether there was one: deleting a missing or already deleted object is a no-op.
   */
  async delete(ref: MediaObjectRef): Promise<boolean> {
    const info = await this.store.info(objectName(ref));
    if (!info || info.deleted) return false;
    await this.store.delete(objectName(ref));
    return true;
  }

  /** The file and its bytes, or undefined when this org has no such object. */
  async get(ref: MediaObjectRef): Promise<MediaObject | undefined> {
    const result = await this.store.get(objectName(ref));
    if (!result || result.info.deleted) return undefined;
    const { info } = result;
    return {
      media: {
        mediaId: ref.mediaId,
        contentType: info.metadata?.contentType ?? "application/octet-stream",
        size: info.size,
        name: info.metadata?.fileName ?? ref.mediaId,
      },
      data: result.data,
    };
  }
}
