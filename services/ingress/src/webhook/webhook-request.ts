import type { FormParams } from "./form-body.js";

/** What a webhook controller hands its command: the parsed body and what is needed to check its signature. */
export interface WebhookRequest {
  params: FormParams;
  /** `X-Twilio-Signature`, if sent. */
  signature: string | undefined;
  /** The URL Twilio signed (see signedUrlOf). */
  url: string;
  /** When the ingress received the request: Twilio's messaging webhooks carry no time of their own. */
  receivedAt: Date;
}

/** What the ingress did with a webhook it accepted. */
export interface WebhookOutcome {
  /** True when JetStream already held this event (a retried webhook). */
  duplicate: boolean;
  streamSequence: number;
}

/** A param refused by the contract, named for the caller; never with its value. */
export interface ParamProblem {
  param: string;
  reason: string;
}

export type Decision<E> = { ok: true; event: E } | { ok: false; problem: ParamProblem };

/** Names the first param a zod parse of webhook params refused, and why, without echoing the value. */
export function paramProblemOf(
  params: FormParams,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): ParamProblem {
  const issue = issues[0];
  const param = String(issue?.path[0] ?? "(body)");
  const value = params[param];
  if (value === undefined) return { param, reason: `param ${param} is missing` };
  if (Array.isArray(value)) return { param, reason: `param ${param} was sent more than once` };
  return { param, reason: `param ${param} is invalid: ${issue?.message ?? "rejected"}` };
}
