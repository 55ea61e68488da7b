import { createHash } from "node:crypto";
import { type InboundMessageReceived, inboundKindOf, messagePreviewOf } from "@cloudpa/contracts";
import { inboundMessageIdFor } from "@cloudpa/read-model";
import { shownHandle } from "#app/inbox/shown-handle.ts";

/** What the service worker shows for one pushed message (web/public/sw.js reads these fields). */
export interface PushPayload {
  /** The customer: their WhatsApp profile name, else their number. */
  title: string;
  /** The message's one-line preview, or a neutral line when the user turned previews off. */
  body: string;
  /** The conversation, opened by a tap on the notification. */
  url: string;
  /**
   * The message's id: a second delivery of the same push replaces the first notification, and so
   * does an open tab's notification of the same message (the same tag, the same origin).
   */
  tag: string;
}

/** The line shown instead of the message when previews are off, and for a message with nothing to preview. */
export const NO_PREVIEW = "New message";

/** The notification of a customer's message, with its preview only when `preview` is on. */
export function pushPayloadOf(event: InboundMessageReceived, options: { preview: boolean }): PushPayload {
  const { kind, details } = inboundKindOf(event);
  const text = messagePreviewOf(kind, details, event.body, event.media);
  return {
    title: event.profileName?.trim() || shownHandle(event.from),
    body: options.preview && text ? text : NO_PREVIEW,
    url: `/inbox/${event.conversationId}`,
    tag: inboundMessageIdFor(event.orgId, event.messageSid),
  };
}

/**
 * The push's Topic header (RFC 8030 §5.4, at most 32 base64url characters), from the event: a
 * push service that still holds an undelivered push of this event replaces it with the second.
 */
export function pushTopicOf(eventId: string): string {
  return createHash("sha256").update(eventId).digest().subarray(0, 24).toString("base64url");
}
