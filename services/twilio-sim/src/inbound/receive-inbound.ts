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

/**
 * The sticker a customer sends when the request carries none: a 96×96 smiling face (lossless WebP,
 * 1.2 KB), so the inbox shows a sticker one can see (a 1×1 one was drawn as an empty bubble).
 */
const DEFAULT_STICKER =
  "UklGRuAEAABXRUJQVlA4TNQEAAAvX8AXEO/kppEkSYqZWdLH8Yice9b+ScNNI0mSFDPLH8YxO/+8/W/SQRtJjuSNgI4/sY/lsI0kRXLPHt89M+Uf5gd8e/4MBSFBSQQJRAT/Lcw5jMF1/72L95/7yXX9vSvvQoRWQotWriei8rwp7jfieVO8/4Tz+An/35eoiFAIEkRRiEpRiEQUQVQKUQRBikJUgigqIoiiUIJ4/hGhld/35f3neXM/ue5c99++/xTPm88HFAqFICgEDYUOQSEoBEEQdGgIgoYNEwrBHsGAhh+OuCHYYY8eV9yQMcZ7bcea27Ydcy7bds05GcMcyxzT3LaBMSaHtG3bC815N7Vt23a7Vm0tauStbdvGev/sbCbzPEmKj5NM8kxE/yFKstu2uXMvCVIIgYC/oPC/6eMXj8zk/pv3X4tybe7uGcOl15+LUD/bi/q58OpLEWeaZ1q5/a4o88fv1o7ObmuDzzOSxvPutjZuvY+H/r3FsmRty3eKmXstXH0X/3119GNQ+3mKv+Cqel7GIm4ZwnDmLST6UjHXP5FAex+G17WToM9V8oIE23oHNaZtJOiVce6tEOavQUGd3gmRvk3VcPGjEGQnU2unEGumZJ1fFRbyz4FMtS4VlrnHc03Iby1Mhy1CPryGvi2cO5gevXBC3rwoPNvFdJkLT15EfSPhq3UzfVrhi6UI3kpu673pkcu5I+jVoxb4DcA30vd9LJBPPeutRDtZSkQekakHMv06cBa/ikpGOlKUB/CuJ5UyM3RE9C6ZO8WIQYbgKTJP5D0RtQVTTIkoT6xQihF9jcFT5G3A8+3BHF3y05fh1+PLTnJf6ljAxAS/uizlFTRjDG/gog0eFxM0e+RSvkQMhYR+ksf1w3ExAbBElCZlvB8BQAOX2YCMCSAlZL/XwHw9nst1uJiA+dtK+AzMeKUJlOFiAma/z5Liv6d0ZgBOJuCRMQH8TkRZjIfQd/MkcTFB35zGeENE3cZd2AgnzXkDIJQlUIqLCYKV5r6vESXBsLeFjIisyHlx1Wled9CVJzti/o7QmTdgZBLuRrSGEHTmPRi5hCeoamt86UnuU6chphA6JDwVCgrz7JTwjIi6DcRKeGE8qamY/7CKtxlQwctKulYDyZPyhoFkEdK8ZyAUgczbS5YuW75i5aq162j9ho2bQml5RWVVdU1tXf2Wrdu279i5e0+6d/+Bg4cON7IQwHkbedw5zpUZAT7uII+bk9XRC77sHPa436yMUzMZ+LiPrVvGcoUPgesWbN0VVitjDYPWXei6MYw4K9JIDObIBpGMoFnD4uveMJGLnp4AwqdcZBJ41Vl83R7CPB5z85hERtfzmPNZgNbtgH0HyEU87tEZUqYTj+sY+N2v1OybwkIu80TN4jmz5mbuRJC5gCH2Tar2fdM4TsLs+9TtW0ftQ5BZdftW9wG17556DEjucftuxX2DKU0Ajjhs30B532Pk7F1nJFhPw9B9D219m3Gzpmnr27hXZvWdjO+b/aF9P/fcnL6l8X1X8/vGf3Df27mr3wzo2xs/dzB+bmL+3EeNOudWyudufRXP3Z4XFHojPjfsraLJGp8bWl1zz8Gq5p6vtM5t+4LpL5/b6vCOurnzhzumz831fqhAwdz/fEG7V1CfWzhfMMUHyZ+7+Ja7m4X/Qh0=";

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
