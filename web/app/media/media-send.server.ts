import type { StoredMedia } from "@cloudpa/contracts";
import type { WebContext } from "#app/web-context.server.ts";
import { mediaStoreOf } from "./media-store.server.ts";

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
