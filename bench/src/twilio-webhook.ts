import { randomBytes } from "node:crypto";
import { twilioSignature, webhookPaths } from "@cloudpa/contracts";

/** The env channel every bench run uses: the ingress serves it from TWILIO_* env, no KV set-up. */
export const BENCH_CHANNEL = {
  accountSid: `AC${"b".repeat(32)}`,
  authToken: "bench-auth-token-0123456789abcdef",
  number: "whatsapp:+14155238886",
} as const;

export interface SignedWebhook {
  messageSid: string;
  body: string;
  headers: Record<string, string>;
}

/**
 * Builds Twilio's WhatsApp inbound webhook as Twilio sends it (the same ~600-byte form for
 * every system measured), each with a distinct MessageSid and a valid X-Twilio-Signature.
 * Customers rotate over `customers` numbers so conversations get several messages.
 */
export class WebhookFactory {
  private readonly runId = randomBytes(4).toString("hex");
  private counter = 0;

  constructor(
    private readonly signedUrl: string,
    private readonly customers = 1000,
  ) {}

  static forBase(publicBaseUrl: string, customers?: number): WebhookFactory {
    return new WebhookFactory(`${publicBaseUrl.replace(/\/+$/, "")}${webhookPaths().inbound}`, customers);
  }

  next(): SignedWebhook {
    const n = this.counter++;
    const messageSid = `SM${this.runId}${n.toString(16).padStart(24, "0")}`;
    const customer = 1_000_000 + (n % this.customers);
    const waId = `4477009${customer}`;
    const params: Record<string, string> = {
      SmsMessageSid: messageSid,
      NumMedia: "0",
      ProfileName: `Bench Customer ${customer}`,
      MessageType: "text",
      SmsSid: messageSid,
      WaId: waId,
      SmsStatus: "received",
      Body: `Hi! Is the appointment on Thursday still on? Message ${n} of this bench run.`,
      To: BENCH_CHANNEL.number,
      NumSegments: "1",
      ReferralNumMedia: "0",
      MessageSid: messageSid,
      AccountSid: BENCH_CHANNEL.accountSid,
      ChannelMetadata: JSON.stringify({ type: "whatsapp", data: { context: { ProfileName: `Bench ${customer}` } } }),
      From: `whatsapp:+${waId}`,
      ApiVersion: "2010-04-01",
    };
    const body = new URLSearchParams(params).toString();
    return {
      messageSid,
      body,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": twilioSignature(BENCH_CHANNEL.authToken, this.signedUrl, params),
        "i-twilio-idempotency-token": messageSid,
      },
    };
  }

  get issued(): number {
    return this.counter;
  }
}
