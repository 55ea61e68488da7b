/**
 * What WhatsApp (through Twilio) can send, and how large each kind may be: Twilio's "Guidance on
 * WhatsApp Media Messages" lists the types, and caps a WhatsApp message at 16 MB, an image at 5 MB.
 * (WhatsApp's own Cloud API takes documents up to 100 MB; Twilio's limit is the one that applies,
 * decision 021.) The upload API, the composer and the outbound all read these, nowhere else.
 */
export type MediaKind = "image" | "video" | "audio" | "document";

const MB = 1_000_000;

/** The largest file of each kind, in bytes (decimal megabytes, as Twilio writes them). */
export const MEDIA_SIZE_LIMITS: Readonly<Record<MediaKind, number>> = {
  image: 5 * MB,
  video: 16 * MB,
  audio: 16 * MB,
  document: 16 * MB,
};

/** Each content type WhatsApp can send, and its kind. */
export const SENDABLE_MEDIA_TYPES: Readonly<Record<string, MediaKind>> = {
  "image/jpeg": "image",
  "image/png": "image",
  "video/mp4": "video",
  "video/3gpp": "video",
  "audio/ogg": "audio",
  "audio/amr": "audio",
  "audio/3gpp": "audio",
  "audio/aac": "audio",
  "audio/mpeg": "audio",
  "audio/mp4": "audio",
  "application/pdf": "document",
  "application/msword": "document",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "document",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": "document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "document",
  "text/vcard": "document",
};

/** Twilio's cap on `MediaUrl`s in one message. */
export const MAX_SEND_MEDIA = 10;

/** A content type without its parameters, lower case (`audio/ogg; codecs=opus` → `audio/ogg`). */
export function baseContentType(contentType: string): string {
  return (contentType.split(";")[0] ?? "").trim().toLowerCase();
}

/** The kind of a content type WhatsApp can send, or undefined for one it cannot. */
export function mediaKindOf(contentType: string): MediaKind | undefined {
  return SENDABLE_MEDIA_TYPES[baseContentType(contentType)];
}

/** "5 MB": a limit as a reader is told it. */
export function formatMediaLimit(bytes: number): string {
  return `${Math.round(bytes / MB)} MB`;
}

export type MediaCheck =
  | { ok: true; kind: MediaKind }
  | { ok: false; reason: "unsupported_type" | "too_large" | "empty"; message: string };

/** Whether a file of this type and size can be sent on WhatsApp; the refusal names the limit. */
export function checkSendableMedia(contentType: string, size: number): MediaCheck {
  const kind = mediaKindOf(contentType);
  if (!kind)
    return {
      ok: false,
      reason: "unsupported_type",
      message: `WhatsApp cannot send ${baseContentType(contentType) || "this type of file"}: send an image (JPEG, PNG), video (MP4), audio, PDF or Office document`,
    };
  if (size <= 0) return { ok: false, reason: "empty", message: "The file is empty" };
  const limit = MEDIA_SIZE_LIMITS[kind];
  if (size > limit)
    return {
      ok: false,
      reason: "too_large",
      message: `WhatsApp takes ${kind === "image" ? "an image" : kind === "audio" ? "audio" : `a ${kind}`} of at most ${formatMediaLimit(limit)}`,
    };
  return { ok: true, kind };
}
