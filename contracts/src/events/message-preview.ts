import type { MediaItem } from "./common.js";
import type { MessageDetails } from "./message-kind.js";

// What a message is, in one line, wherever a list or a quote names it. Types only are imported, so
// the browser's bundle takes this file alone (`@cloudpa/contracts/message-preview`).

/**
 * The inbox's one-line preview of a message of `kind` where its body does not say it (undefined
 * for text, media and templates: their text, or `mediaPreviewOf` their media, is the preview).
 */
export function kindPreviewOf(kind: string, details: MessageDetails | null): string | undefined {
  switch (kind) {
    case "location": {
      const place = details?.location?.label ?? details?.location?.address;
      return place ? `📍 ${place}` : "📍 Location";
    }
    case "contacts":
      return "👤 Contact";
    case "interactive":
      return details?.interactive?.text ? `🔘 ${details.interactive.text}` : "🔘 Button reply";
    case "reaction":
      return `Reacted ${details?.reaction?.emoji ?? ""}`.trim();
    case "unsupported":
      return `Unsupported message (${details?.unsupported?.type ?? "unknown"})`;
    case "media":
      return details?.sticker ? "Sticker" : undefined;
    default:
      return undefined;
  }
}

/** What a preview reads of a media item. */
export type PreviewedMedia = Pick<MediaItem, "contentType" | "name">;

/**
 * What a message of media and no text is, in one line (the inbox's preview, a notification): a
 * photo, a video, an audio, or a document by its name when it has one, as WhatsApp lists them;
 * several, their count. Undefined without media.
 */
export function mediaPreviewOf(media: readonly PreviewedMedia[]): string | undefined {
  const [only] = media;
  if (only === undefined) return undefined;
  if (media.length > 1) return `📎 ${media.length} files`;
  if (only.contentType.startsWith("image/")) return "📷 Photo";
  if (only.contentType.startsWith("video/")) return "🎥 Video";
  if (only.contentType.startsWith("audio/")) return "🎤 Audio";
  return only.name ? `📄 ${only.name}` : "📄 Document";
}
