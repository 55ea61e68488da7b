import { uuidv5 } from "@cloudpa/contracts";

/**
 * An inbound message's id follows from its MessageSid, so a replay writes the same row.
 * An outbound message's id is its SendReply commandId.
 */
export function inboundMessageIdFor(messageSid: string): string {
  return uuidv5(`message:${messageSid}`);
}

/** The inbox's one-line preview of a message. */
export function previewOf(body: string, mediaCount: number): string {
  const text = body.trim().replace(/\s+/g, " ");
  if (text) return text.length > 140 ? `${text.slice(0, 139)}…` : text;
  if (mediaCount > 0) return mediaCount === 1 ? "[media]" : `[${mediaCount} media]`;
  return "";
}

/** Postgres text cannot hold NUL; such an event is quarantined instead of failing its batch. */
export function hasNul(...texts: (string | null | undefined)[]): boolean {
  return texts.some((text) => text?.includes("\u0000"));
}
