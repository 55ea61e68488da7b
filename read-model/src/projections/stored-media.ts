import type { MediaItem, StoredMedia } from "@cloudpa/contracts";

/** A reply's files as message media: the media Object Store's copy, with no Twilio URL (decision 021). */
export function storedMediaItems(media: readonly StoredMedia[] | undefined): MediaItem[] {
  return (media ?? []).map(({ mediaId, contentType, size, name }) => ({ url: "", contentType, mediaId, size, name }));
}
