import type { SendReply } from "@cloudpa/contracts";
import type { Attempt } from "./attempt-store.js";
import type { TwilioAnswer } from "./send-reply.decider.js";

/**
 * The pure rules of one command's calls to Twilio, the decider's other half: when a delivery
 * may call, when it must first find out what an earlier call did, when it waits for another
 * process's call, which phase an attempt is left in, and how long a retry waits. The handler
 * reads and writes the attempt (a KV record) and calls Twilio; these decide.
 */

export interface AttemptContext {
  now: Date;
  /** This process, as written on the attempts it makes. */
  owner: string;
  /** How long another process's unanswered call is presumed still running. */
  attemptLeaseMs: number;
}

export type AttemptStep =
  /** The outcome is appended already. */
  | { kind: "settled" }
  /** Another process's call may still be running: come back when its lease ends. */
  | { kind: "wait"; delayMs: number }
  /** An earlier call's outcome was lost (a crash mid-call, or a timeout): ask Twilio before calling again. */
  | { kind: "look_up"; phase: "sending" | "in_doubt"; attemptedAt: Date }
  /** No call is running or in doubt: call Twilio. */
  | { kind: "call" };

/** What a delivery does about the command's latest attempt, if there is one. */
export function nextAttemptStep(attempt: Attempt | undefined, context: AttemptContext): AttemptStep {
  if (!attempt) return { kind: "call" };
  const { phase, attemptedAt, owner } = attempt;
  switch (phase) {
    case "settled":
      return { kind: "settled" };
    case "not_sent":
      return { kind: "call" };
    case "sending": {
      const sinceAttempt = context.now.getTime() - Date.parse(attemptedAt);
      if (owner !== context.owner && sinceAttempt < context.attemptLeaseMs)
        return { kind: "wait", delayMs: context.attemptLeaseMs - sinceAttempt };
      return { kind: "look_up", phase, attemptedAt: new Date(attemptedAt) };
    }
    case "in_doubt":
      return { kind: "look_up", phase, attemptedAt: new Date(attemptedAt) };
    default: {
      const unhandled: never = phase;
      throw new Error(`unknown attempt phase ${unhandled as string}`);
    }
  }
}

/** The attempt recorded before Twilio is called: this process's call, started now, one send more. */
export function attemptStarted(
  command: SendReply,
  previous: Attempt | undefined,
  context: Pick<AttemptContext, "now" | "owner">,
): Attempt {
  return {
    commandId: command.commandId,
    orgId: command.orgId,
    conversationId: command.conversationId,
    phase: "sending",
    attemptedAt: context.now.toISOString(),
    owner: context.owner,
    sends: (previous?.sends ?? 0) + 1,
  };
}

/** The phase of an attempt whose answer means a retry: after a timeout it is looked up first, else simply sent again. */
export function phaseToRetry(answer: TwilioAnswer): "in_doubt" | "not_sent" {
  return answer.kind === "in_doubt" ? "in_doubt" : "not_sent";
}

export interface Backoff {
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
}

/** How long the next delivery waits: the base delay doubled per delivery, bounded. */
export function retryDelayMs(deliveries: number, backoff: Backoff): number {
  return Math.min(backoff.retryBaseDelayMs * 2 ** (deliveries - 1), backoff.maxRetryDelayMs);
}

/** Credentials the outbound cannot open are treated as Twilio not taking the message: retried within the bound. */
export const CREDENTIALS_UNREADABLE: TwilioAnswer = { kind: "unavailable", message: "credentials unreadable" };
