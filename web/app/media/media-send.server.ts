import { MAX_SEND_MEDIA, type StoredMedia, uuid } from "@cloudpa/contracts";
import { z } from "zod";
import type { WebContext } from "#app/web-context.server.ts";
import { mediaStoreOf } from "./media-store.server.ts";

/** A send's media: ids the upload answered (`POST /media`), at most Twilio's 10, each once. */
export const mediaIdsSchema = z
  .array(uuid)
  .min(1, "send at least one mediaId")
  .max(MAX_SEND_MEDIA, `at most ${MAX_SEND_MEDIA} files in one message (Twilio's limit)`)
  .refine((ids) => new Set(ids).size === ids.length, "each mediaId once")
  .meta({ description: `Ids from POST /api/v1/messaging/media, at most ${MAX_SEND_MEDIA}` });

export type ResolvedMedia = { ok: true; media: StoredMedia[] } | { ok: false; missing: string[] };

/**
 * The stored files of a send, looked up in the org's own part of the media store: an id of
 * another org (or none at all) is missing, never sent (decision 006: ids scoped by org).
 */
export async function resolveMediaIds(web: WebContext, orgId: string, mediaIds: string[]): Promise<ResolvedMedia> {
  const store = await mediaStoreOf(web);
  const found = await Promise.all(mediaIds.map((mediaId) => store.info({ orgId, mediaId })));
  const missing = mediaIds.filter((_, index) => !found[index]);
  if (missing.length > 0) return { ok: false, missing };
  return { ok: true, media: found as StoredMedia[] };
}
