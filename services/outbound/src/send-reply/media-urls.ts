import { type StoredMedia, signMediaPath } from "@cloudpa/contracts";
import type { MediaUrlSettings } from "../outbound-config.js";

/**
 * The URLs Twilio fetches a reply's files from: each a signed, expiring path at PUBLIC_BASE_URL
 * that only that object of the org answers to (the ingress serves them, decision 021).
 */
export function signedMediaUrls(
  settings: MediaUrlSettings,
  orgId: string,
  media: readonly StoredMedia[],
  now: Date,
): string[] {
  const expiresAt = new Date(now.getTime() + settings.ttlSeconds * 1000);
  return media.map(
    (item) =>
      new URL(signMediaPath(settings.key, { orgId, mediaId: item.mediaId }, expiresAt), settings.publicBaseUrl).href,
  );
}
