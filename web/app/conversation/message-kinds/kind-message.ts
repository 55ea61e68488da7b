import { messagePreviewOf, type PreviewedMedia } from "@cloudpa/contracts/message-preview";

/**
 * What the kind components read of a message (the conversation page's row, as JSON gives it to
 * the browser). Kept structural so the page's own message type fits it.
 */
export interface KindMessage {
  id: string;
  direction: string;
  kind: string;
  body: string;
  details: KindDetails | null;
  replyToSid: string | null;
  reaction: string | null;
  replyTo: QuotedRow | null;
}

export interface KindDetails {
  location?: { latitude: number; longitude: number; address?: string; label?: string };
  contacts?: { mediaIndexes: number[] };
  interactive?: { type: "button" | "list"; text?: string; payload?: string; description?: string };
  reaction?: { emoji: string };
  sticker?: true;
  template?: { contentSid: string; variables: Record<string, string> };
  unsupported?: { type: string };
}

export interface QuotedRow {
  id: string;
  direction: string;
  kind: string;
  body: string;
  details: KindDetails | null;
  media: PreviewedMedia[];
}

/** The anchor a message's bubble carries, so a quote can jump to it. */
export function messageAnchorOf(messageId: string): string {
  return `message-${messageId}`;
}

/** Kinds whose bubble shows what the kind is instead of (or besides) its text. */
export function showsOwnBody(kind: string): boolean {
  return kind === "text" || kind === "media" || kind === "template";
}

/** A one-line description of a message, for a quote: what the inbox's list says of it. */
export function quoteTextOf(row: Pick<QuotedRow, "kind" | "body" | "details" | "media">): string {
  return messagePreviewOf(row.kind, row.details, row.body, row.media) || "Message";
}

/** An OpenStreetMap link to a point (a plain link: no map script is loaded). */
export function mapLinkOf(latitude: number, longitude: number): string {
  const lat = latitude.toFixed(6);
  const lon = longitude.toFixed(6);
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;
}
