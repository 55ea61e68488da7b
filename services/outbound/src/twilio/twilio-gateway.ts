import { type MessageStatus, messageStatusSchema } from "@cloudpa/contracts";
import { inSpan, withTraceContext } from "@cloudpa/kit";
import { twilioClientOf } from "@cloudpa/kit/twilio";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import twilio from "twilio";
import type { LookupResult, OutboundMessage, TwilioAnswer } from "../send-reply/send-reply.decider.js";

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
}

/** Twilio's Messages API as the outbound uses it: send one message, or look one up after a lost outcome. */
export interface TwilioGateway {
  send(credentials: TwilioCredentials, message: OutboundMessage, statusCallback: string): Promise<TwilioAnswer>;
  /** Finds the message an attempt made at `attemptedAt` created, if Twilio has it. */
  lookup(credentials: TwilioCredentials, message: OutboundMessage, attemptedAt: Date): Promise<LookupResult>;
}

export const TWILIO_GATEWAY = Symbol("TWILIO_GATEWAY");

/** Connection errors raised before a request reaches Twilio: sending again cannot duplicate. */
const NOT_SENT_ERRORS = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** Twilio's clock and ours may differ a little; a lookup accepts messages created this much before the attempt. */
const CLOCK_SLACK_MS = 5 * 60 * 1000;
const LOOKUP_LIMIT = 200;

function statusOf(value: string | undefined): MessageStatus {
  const parsed = messageStatusSchema.safeParse(value);
  return parsed.success ? parsed.data : "accepted";
}

export interface TwilioGatewayOptions {
  /** `TWILIO_API_BASE_URL`: where Twilio's APIs are (Twilio's own when unset). */
  apiBaseUrl: string | undefined;
  /** How long one request may take before its outcome is in doubt. */
  timeoutMs: number;
}

/** The gateway over the `twilio` package: one client per account, reused across sends. */
export class TwilioRestGateway implements TwilioGateway {
  private readonly clients = new Map<string, twilio.Twilio>();

  constructor(private readonly options: TwilioGatewayOptions) {}

  /**
   * The call is a span, and the StatusCallback URL carries its context (Twilio signs and calls the
   * URL as given), so the status callbacks continue this trace at the ingress.
   */
  send(credentials: TwilioCredentials, message: OutboundMessage, statusCallback: string): Promise<TwilioAnswer> {
    return inSpan("twilio create message", { kind: SpanKind.CLIENT }, async (span) => {
      let answer: TwilioAnswer;
      try {
        const created = await this.clientOf(credentials).messages.create({
          from: message.from,
          to: message.to,
          // A template goes as its ContentSid and variables (JSON); Twilio renders the text itself.
          ...(message.template
            ? {
                contentSid: message.template.contentSid,
                contentVariables: JSON.stringify(message.template.variables),
              }
            : { body: message.body || undefined }),
          // Twilio fetches each file from its signed URL at PUBLIC_BASE_URL (decision 021).
          ...(message.mediaUrls?.length ? { mediaUrl: message.mediaUrls } : {}),
          statusCallback: withTraceContext(statusCallback),
        });
        answer = { kind: "accepted", messageSid: created.sid, status: statusOf(created.status) };
      } catch (error) {
        answer = answerOfError(error);
      }
      span.setAttribute("cloudpa.twilio.answer", answer.kind);
      if (answer.kind === "accepted") span.setAttribute("cloudpa.message_sid", answer.messageSid);
      else span.setStatus({ code: SpanStatusCode.ERROR, message: answer.message });
      return answer;
    });
  }

  async lookup(credentials: TwilioCredentials, message: OutboundMessage, attemptedAt: Date): Promise<LookupResult> {
    let candidates: Awaited<ReturnType<twilio.Twilio["messages"]["list"]>>;
    try {
      // Newest first; DateSent is not a usable filter, as Twilio sets it only once a message has left.
      candidates = await this.clientOf(credentials).messages.list({
        from: message.from,
        to: message.to,
        limit: LOOKUP_LIMIT,
      });
    } catch (error) {
      const answer = answerOfError(error);
      return { kind: "failed", message: answer.message };
    }
    const earliest = attemptedAt.getTime() - CLOCK_SLACK_MS;
    const found = candidates.find(
      (candidate) => candidate.body === message.body && candidate.dateCreated.getTime() >= earliest,
    );
    return found ? { kind: "found", messageSid: found.sid, status: statusOf(found.status) } : { kind: "not_found" };
  }

  private clientOf(credentials: TwilioCredentials): twilio.Twilio {
    const key = `${credentials.accountSid}:${credentials.authToken}`;
    let client = this.clients.get(key);
    if (!client) {
      // The client's own retries stay off: every retry goes through the command's redelivery, which is bounded and counted.
      client = twilioClientOf(credentials, this.options);
      this.clients.set(key, client);
    }
    return client;
  }
}

/** Classifies a failed create: Twilio refused (4xx), did not take it (429, 5xx, no connection), or may have (timeout). */
export function answerOfError(error: unknown): Exclude<TwilioAnswer, { kind: "accepted" }> {
  if (error instanceof twilio.RestException) {
    const described = `Twilio answered ${error.status}${error.code ? ` (${error.code})` : ""}: ${error.message}`;
    if (error.status === 429 || error.status >= 500) return { kind: "unavailable", message: described };
    return { kind: "refused", code: error.code === undefined ? undefined : String(error.code), message: error.message };
  }
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code && NOT_SENT_ERRORS.has(code)) return { kind: "unavailable", message: `cannot reach Twilio: ${code}` };
  return { kind: "in_doubt", message: `no answer from Twilio: ${code ?? message}` };
}
