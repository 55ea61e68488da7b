import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { twilioSignature } from "@cloudpa/contracts";
import { connectionOverridesOf, withoutFragment } from "./connection-overrides.js";

/** One webhook as Twilio sends it: a signed form POST. */
export interface Webhook {
  /** Where to POST, possibly with connection overrides in its fragment. */
  url: string;
  /** The URL the signature is computed over (Twilio signs the URL it was configured with). */
  signedUrl: string;
  authToken: string;
  params: Record<string, string>;
}

/** What came of a webhook: the last HTTP status (null when no answer came) and how many attempts it took. */
export interface WebhookDelivery {
  status: number | null;
  attempts: number;
  failure?: "ct" | "rt";
}

type Attempt = { status: number } | { failure: "ct" | "rt" };

function attempt(
  webhook: Webhook,
  headers: Record<string, string>,
  body: string,
  timeouts: { connectMs: number; readMs: number },
  signal: AbortSignal | undefined,
): Promise<Attempt> {
  const target = new URL(withoutFragment(webhook.url));
  const request = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: Attempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(readTimer);
      resolve(result);
    };
    let readTimer: NodeJS.Timeout | undefined;
    const outgoing = request(target, {
      method: "POST",
      headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      agent: false,
    });
    const connectTimer = setTimeout(() => {
      outgoing.destroy();
      settle({ failure: "ct" });
    }, timeouts.connectMs);
    outgoing.on("socket", (socket) => {
      const connected = () => {
        clearTimeout(connectTimer);
        readTimer = setTimeout(() => {
          outgoing.destroy();
          settle({ failure: "rt" });
        }, timeouts.readMs);
      };
      if (socket.connecting) socket.once("connect", connected);
      else connected();
    });
    outgoing.on("response", (response) => {
      response.resume();
      response.on("end", () => settle({ status: response.statusCode ?? 0 }));
      response.on("error", () => settle({ failure: "rt" }));
    });
    outgoing.on("error", () => settle({ failure: "ct" }));
    const abandon = () => {
      outgoing.destroy();
      settle({ failure: "ct" });
    };
    if (signal?.aborted) abandon();
    else signal?.addEventListener("abort", abandon, { once: true });
    outgoing.on("close", () => signal?.removeEventListener("abort", abandon));
    outgoing.end(body);
  });
}

function retryable(result: Attempt, retryOn: ReadonlySet<string>): boolean {
  if ("failure" in result) return retryOn.has(result.failure);
  if (result.status >= 500) return retryOn.has("5xx");
  if (result.status >= 400) return retryOn.has("4xx");
  return false;
}

/**
 * POSTs a webhook as Twilio does: form-encoded, `X-Twilio-Signature` over the signed URL and params,
 * one `I-Twilio-Idempotency-Token` shared by every retry, retried as the URL's overrides ask.
 * `signal` abandons it (the simulator is closing).
 */
export async function deliverWebhook(webhook: Webhook, signal?: AbortSignal): Promise<WebhookDelivery> {
  const overrides = connectionOverridesOf(webhook.url);
  const body = new URLSearchParams(webhook.params).toString();
  const headers = {
    "content-type": "application/x-www-form-urlencoded",
    accept: "*/*",
    "user-agent": "TwilioProxy/1.1",
    "x-twilio-signature": twilioSignature(webhook.authToken, withoutFragment(webhook.signedUrl), webhook.params),
    "i-twilio-idempotency-token": randomUUID(),
  };
  const deadline = Date.now() + overrides.totalTimeMs;
  let attempts = 0;
  let result: Attempt;
  for (;;) {
    attempts += 1;
    const remaining = Math.max(deadline - Date.now(), 1);
    result = await attempt(
      webhook,
      headers,
      body,
      {
        connectMs: Math.min(overrides.connectTimeoutMs, remaining),
        readMs: Math.min(overrides.readTimeoutMs, remaining),
      },
      signal,
    );
    if (signal?.aborted || attempts > overrides.retryCount || Date.now() >= deadline) break;
    if (!retryable(result, overrides.retryOn)) break;
  }
  return "status" in result ? { status: result.status, attempts } : { status: null, attempts, failure: result.failure };
}
