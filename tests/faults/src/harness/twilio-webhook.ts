import { randomBytes } from "node:crypto";
import { twilioSignature, webhookPaths } from "@cloudpa/contracts";
import type { InboundOutcome } from "./customer-load.js";
import { CHANNEL_NUMBER } from "./fault-scenario.js";

export const newMessageSid = () => `SM${randomBytes(16).toString("hex")}`;

/** The params Twilio sends for a WhatsApp text, with `overrides` on top. */
export function inboundParams(accountSid: string, overrides: Record<string, string> = {}): Record<string, string> {
  const sid = overrides.MessageSid ?? newMessageSid();
  const from = overrides.From ?? "whatsapp:+15550001111";
  const waId = from.replace(/^whatsapp:\+/, "");
  return {
    SmsMessageSid: sid,
    NumMedia: "0",
    ProfileName: "Ada",
    MessageType: "text",
    SmsSid: sid,
    WaId: waId,
    SmsStatus: "received",
    Body: "hello",
    To: CHANNEL_NUMBER,
    NumSegments: "1",
    ReferralNumMedia: "0",
    MessageSid: sid,
    AccountSid: accountSid,
    From: from,
    ApiVersion: "2010-04-01",
    ...overrides,
  };
}

export interface WebhookAnswer {
  status: number;
  body: string;
}

/**
 * POSTs a webhook to the ingress as Twilio would (form body, `X-Twilio-Signature` over the public
 * URL), or with whatever the test tampers with: a raw body, another signature, extra headers.
 */
export async function postWebhook(
  ingressUrl: string,
  authToken: string,
  params: Record<string, string>,
  options: {
    path?: string;
    rawBody?: string | Buffer;
    signature?: string;
    signedParams?: Record<string, string>;
    headers?: Record<string, string>;
  } = {},
): Promise<WebhookAnswer> {
  const path = options.path ?? webhookPaths().inbound;
  const url = `${ingressUrl}${path}`;
  const signature = options.signature ?? twilioSignature(authToken, url, options.signedParams ?? params);
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": signature,
      ...options.headers,
    },
    body: options.rawBody ?? new URLSearchParams(params).toString(),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, body: await response.text() };
}

/** A webhook the test posted itself, as the invariants count it. */
export function outcomeOf(params: Record<string, string>, status: number): InboundOutcome {
  return {
    messageSid: params.MessageSid ?? "",
    from: params.From ?? "",
    body: params.Body ?? "",
    webhookStatus: status,
    attempts: 1,
  };
}
