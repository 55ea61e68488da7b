import type { SimClock } from "../sim-clock.js";
import type { SimMessage, SimState } from "../sim-state.js";
import { newTwilioSid } from "../twilio-sid.js";
import { deliverWebhook } from "../webhook-delivery/deliver-webhook.js";
import type { ParsedInboundRequest } from "./inbound-request.js";
import { inboundWebhookParams } from "./inbound-webhook-params.js";

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
  const message: SimMessage = {
    sid: newTwilioSid(request.mediaUrl ? "MM" : "SM"),
    accountSid: target.account.accountSid,
    direction: "inbound",
    from: request.from,
    to: request.to ?? target.defaultNumber,
    body: request.body,
    mediaUrls: request.mediaUrl ? [request.mediaUrl] : [],
    media: [],
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
  const params = inboundWebhookParams(request, message);
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
