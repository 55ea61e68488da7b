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

/**
 * The inbox's one-line preview of a message: its text with each run of whitespace one space, cut
 * at 140 characters; without text, what its media are (`mediaPreviewOf`: "📷 Photo"), or "". The text is
 * built as one flat string (the body itself when it needs no change): a conversation keeps its
 * preview while it lives (a rebuild keeps every conversation in memory, docs/decisions/024), and
 * `replace` of the whitespace runs made it a rope of one string per word in V8, 888 bytes for an
 * 80-character preview.
 */
export function previewOf(body: string, media: readonly PreviewedMedia[]): string {
  const trimmed = body.trim();
  const text = /\s\s|[^\S ]/.test(trimmed) ? trimmed.split(/\s+/).join(" ") : trimmed;
  if (text) return text.length > 140 ? [text.slice(0, 139), "…"].join("") : text;
  return mediaPreviewOf(media) ?? "";
}

/**
 * What the inbox's list, a notification and a quote say of a message: its kind's preview where the
 * body does not say what it is (a location, a button reply), else `previewOf` its text or media.
 */
export function messagePreviewOf(
  kind: string,
  details: MessageDetails | null,
  body: string,
  media: readonly PreviewedMedia[],
): string {
  return kindPreviewOf(kind, details) ?? previewOf(body, media);
}
