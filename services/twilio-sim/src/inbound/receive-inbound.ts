import { mediaPath } from "../media/media-json.js";
import type { SimClock } from "../sim-clock.js";
import type { SimMedia, SimMessage, SimState } from "../sim-state.js";
import { newTwilioSid } from "../twilio-sid.js";
import { deliverWebhook } from "../webhook-delivery/deliver-webhook.js";
import type { ParsedInboundRequest } from "./inbound-request.js";
import { contentTypeOf, inboundWebhookParams, kindParams } from "./inbound-webhook-params.js";
import { contactVcard } from "./vcard.js";

export interface InboundTarget {
  state: SimState;
  clock: SimClock;
  account: { accountSid: string; authToken: string };
  /** The business number a message goes to when the request names none. */
  defaultNumber: string;
  /** Where the webhook goes (may carry connection overrides in its fragment), if anywhere. */
  webhookUrl: string | undefined;
  /** The URL Twilio signs for it. */
  signedUrl: string | undefined;
  /** Where the product fetches Twilio's media from (the simulator's URL unless told otherwise). */
  mediaBaseUrl: string;
}

/** A 1×1 WebP: the sticker a customer sends when the request carries none. */
const DEFAULT_STICKER = "UklGRiQAAABXRUJQVlA4IBgAAAAwAQCdASoBAAEAAwA0JaQAA3AA/vuUAAA=";

/** The files Twilio keeps for a customer's message: attachments, a contact's vCard, a sticker. */
function storedMediaOf(request: ParsedInboundRequest, now: Date): SimMedia[] {
  const files = request.media.map((file) => ({
    contentType: file.contentType,
    data: Buffer.from(file.dataBase64, "base64"),
    ...(file.filename ? { filename: file.filename } : {}),
  }));
  if (request.contact) {
    files.push({
      contentType: "text/vcard",
      data: Buffer.from(contactVcard(request.contact)),
      filename: "contact.vcf",
    });
  }
  if (request.sticker) {
    files.push({
      contentType: "image/webp",
      data: Buffer.from(request.sticker.dataBase64 ?? DEFAULT_STICKER, "base64"),
    });
  }
  return files.map((file) => ({ sid: newTwilioSid("ME"), ...file, dateCreated: now }));
}

export interface InboundResult {
  messageSid: string;
  /** The webhook's final HTTP status; null when it was dropped, has no URL, or got no answer. */
  webhookStatus: number | null;
  attempts: number;
}

/** Records a customer's message as Twilio would (so the API lists it) and, unless dropped, sends its webhook. */
export async function receiveInbound(
  request: ParsedInboundRequest,
  target: InboundTarget,
  signal?: AbortSignal,
): Promise<InboundResult> {
  const now = target.clock.now();
  const stored = storedMediaOf(request, now);
  const hasMedia = request.mediaUrl !== undefined || stored.length > 0;
  const replied = request.replyTo
    ? target.state.messages.find((earlier) => earlier.sid === request.replyTo)
    : undefined;
  const message: SimMessage = {
    sid: newTwilioSid(hasMedia ? "MM" : "SM"),
    accountSid: target.account.accountSid,
    direction: "inbound",
    from: request.from,
    to: request.to ?? target.defaultNumber,
    body: request.body,
    mediaUrls: [],
    media: stored,
    extraParams: kindParams(request, replied?.from),
    contentSid: null,
    messagingServiceSid: null,
    statusCallback: null,
    status: "received",
    errorCode: null,
    errorMessage: null,
    numSegments: 1,
    dateCreated: now,
    dateUpdated: now,
    dateSent: now,
  };
  const media = [
    ...(request.mediaUrl
      ? [{ url: request.mediaUrl, contentType: request.mediaContentType ?? contentTypeOf(request.mediaUrl) }]
      : []),
    ...stored.map((item) => ({
      url: `${target.mediaBaseUrl}${mediaPath(message, item)}`,
      contentType: item.contentType,
    })),
  ].slice(0, 10);
  message.mediaUrls = media.map((item) => item.url);
  const params = inboundWebhookParams(request, message, media);
  target.state.add(message);
  if (request.drop || !target.webhookUrl) return { messageSid: message.sid, webhookStatus: null, attempts: 0 };
  const delivery = await deliverWebhook(
    {
      url: target.webhookUrl,
      signedUrl: target.signedUrl ?? target.webhookUrl,
      authToken: target.account.authToken,
      params,
    },
    signal,
  );
  return { messageSid: message.sid, webhookStatus: delivery.status, attempts: delivery.attempts };
}
