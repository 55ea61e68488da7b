import {
  channelIdFor,
  conversationIdFor,
  DEFAULT_ORG_ID,
  eventIdFor,
  type InboundMessageReceived,
  type SigningKey,
  uuidv5,
} from "@cloudpa/contracts";
import { appendSignedBatch } from "@cloudpa/kit";
import type { BenchNats } from "../infra/bench-nats.js";
import { progressBar } from "../infra/progress.js";
import { BENCH_CHANNEL } from "../twilio-webhook.js";

/** The org of a backlog's conversation: the default org, or with `orgs` > 1 one of that many (a conversation stays in one). */
export function backlogOrgId(conversation: number, orgs: number): string {
  return orgs <= 1 ? DEFAULT_ORG_ID : uuidv5(`org:bench:${conversation % orgs}`);
}

/** The n-th InboundMessageReceived of a backlog, as the ingress would have appended it. */
export function backlogEvent(n: number, conversations: number, runId: string, orgs = 1): InboundMessageReceived {
  const orgId = backlogOrgId(n % conversations, orgs);
  const channelId = channelIdFor(orgId, BENCH_CHANNEL.number);
  const waId = `4478${(1_000_000 + (n % conversations)).toString()}`;
  const from = `whatsapp:+${waId}`;
  const messageSid = `SM${runId}${n.toString(16).padStart(24, "0")}`;
  const at = new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString();
  return {
    type: "InboundMessageReceived",
    version: 1,
    eventId: eventIdFor("inbound", messageSid),
    orgId,
    occurredAt: at,
    channelId,
    conversationId: conversationIdFor(channelId, from),
    messageSid,
    accountSid: BENCH_CHANNEL.accountSid,
    from,
    to: BENCH_CHANNEL.number,
    waId,
    profileName: `Backlog Customer ${n % conversations}`,
    body: `Backlog message ${n}: could we move Thursday's appointment to Friday morning?`,
    media: [],
    messageType: "text",
    numSegments: 1,
    receivedAt: at,
    extraParams: { ApiVersion: "2010-04-01", SmsStatus: "received" },
  };
}

/** Events [from, to) of a backlog, as `backlogEvent` makes each. */
export function backlogEvents(range: {
  from: number;
  to: number;
  conversations: number;
  runId: string;
  orgs?: number;
}): InboundMessageReceived[] {
  return Array.from({ length: range.to - range.from }, (_, at) =>
    backlogEvent(range.from + at, range.conversations, range.runId, range.orgs),
  );
}

/**
 * Events per signature in a backlog: what the ingress signs together under the bench's load, as
 * its append path batches the appends of one event-loop turn (docs/decisions/030). Measured with
 * the ingress group's closed loop at 50 connections (2026-12-03, load about 4): 22,067 webhooks
 * under 1,576 signatures, 14.0 a signature (half the events in batches of 20 or more, max 50); the
 * open loop at 1,000/s formed 6.6 (a lone webhook is a batch of one).
 */
export const INGRESS_SIGNING_BATCH = 14;

/**
 * Appends events [from, to) of a backlog to the run's events stream, signed with the ingress key
 * in batches of `signingBatch` (default: `BENCH_SIGNING_BATCH`, or as the ingress forms them under
 * load), 256 acks in flight; over `orgs` organisations (default: the default org only).
 */
export async function appendBacklog(
  nats: BenchNats,
  key: SigningKey,
  range: { from: number; to: number; conversations: number; runId: string; orgs?: number; signingBatch?: number },
  label: string,
): Promise<number> {
  const bar = progressBar(label, range.to - range.from);
  const signingBatch = Math.max(
    1,
    Math.min(256, range.signingBatch ?? Number(process.env.BENCH_SIGNING_BATCH ?? INGRESS_SIGNING_BATCH)),
  );
  let next = range.from;
  let done = 0;
  const started = performance.now();
  const lanes = Array.from({ length: Math.ceil(256 / signingBatch) }, async () => {
    while (next < range.to) {
      const from = next;
      next = Math.min(range.to, next + signingBatch);
      const events = backlogEvents({ ...range, from, to: next });
      await Promise.all(appendSignedBatch(nats.js, nats.names, events, key, { timeoutMs: 60_000 }));
      const before = done;
      done += events.length;
      if (Math.floor(done / 1000) > Math.floor(before / 1000)) bar.update(done);
    }
  });
  await Promise.all(lanes);
  bar.update(done);
  bar.stop();
  return done / ((performance.now() - started) / 1000);
}
