/**
 * A contact's or channel's WhatsApp handle as a person reads it: `whatsapp:+447700900123` shows
 * as `+447700900123`, and a WhatsApp id as the id.
 */
export function shownHandle(handle: string): string {
  return handle.replace(/^whatsapp:/, "");
}
