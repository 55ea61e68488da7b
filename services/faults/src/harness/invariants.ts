import { waitFor } from "@cloudpa/testkit";
import type { TwilioSim } from "@cloudpa/twilio-sim";
import pg from "pg";
import type { InboundOutcome } from "./customer-load.js";
import { type EventLog, eventsOfType } from "./event-log.js";

/** A broken promise, said in words an operator would understand; empty when the invariant holds. */
export type Violations = string[];

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/**
 * Every webhook the ingress answered 200 is in the stream exactly once, and every inbound event in
 * the stream is a message the customer really sent (none invented, none doubled).
 */
export function webhooksStoredOnce(log: EventLog, sent: readonly InboundOutcome[]): Violations {
  const violations: Violations = [];
  const stored = countBy(eventsOfType(log, "InboundMessageReceived"), (event) => event.messageSid);
  const sentSids = new Set(sent.map((outcome) => outcome.messageSid));
  for (const outcome of sent) {
    const times = stored.get(outcome.messageSid) ?? 0;
    if (outcome.webhookStatus === 200 && times !== 1)
      violations.push(`webhook ${outcome.messageSid} was answered 200 but is in the stream ${times} times`);
  }
  for (const [messageSid, times] of stored) {
    if (times > 1) violations.push(`inbound ${messageSid} is in the stream ${times} times`);
    if (!sentSids.has(messageSid)) violations.push(`inbound ${messageSid} is in the stream but no customer sent it`);
  }
  return violations;
}

/**
 * What Twilio accepted is exactly what the stream says was sent: one ReplySent per message the
 * simulator holds, none for a message it never took, and no command sent twice.
 */
export function repliesMatchTwilio(log: EventLog, sim: TwilioSim): Violations {
  const violations: Violations = [];
  const accepted = sim.sentMessages();
  const sentEvents = eventsOfType(log, "ReplySent");
  const failedEvents = eventsOfType(log, "ReplyFailed");
  const eventsBySid = countBy(sentEvents, (event) => event.messageSid);
  for (const message of accepted) {
    const times = eventsBySid.get(message.sid) ?? 0;
    if (times !== 1) violations.push(`Twilio accepted ${message.sid} but the stream holds ${times} ReplySent for it`);
  }
  const acceptedSids = new Set(accepted.map((message) => message.sid));
  for (const event of sentEvents) {
    if (!acceptedSids.has(event.messageSid))
      violations.push(`ReplySent ${event.messageSid} names a message Twilio never accepted`);
  }
  for (const [body, times] of countBy(accepted, (message) => message.body)) {
    if (times > 1) violations.push(`Twilio was asked ${times} times to send "${body.slice(0, 60)}"`);
  }
  for (const [commandId, times] of countBy([...sentEvents, ...failedEvents], (event) => event.commandId)) {
    if (times > 1) violations.push(`command ${commandId} has ${times} outcomes in the stream`);
  }
  return violations;
}

interface MessageRow {
  id: string;
  direction: string;
  provider_sid: string | null;
  command_id: string | null;
  conversation_id: string;
  status: string;
}

/** Waits until the projector's checkpoint covers the whole stream. */
export async function projectorCaughtUp(databaseUrl: string, lastSeq: number, timeoutMs = 60_000): Promise<void> {
  await withClient(databaseUrl, (client) =>
    waitFor(
      async () => {
        const result = await client.query<{ last_seq: string | null }>(
          "select max(last_seq)::text as last_seq from readmodel.projection_checkpoint",
        );
        return Number(result.rows[0]?.last_seq ?? 0) >= lastSeq;
      },
      { timeoutMs, intervalMs: 100, what: `the projector's checkpoint to reach sequence ${lastSeq}` },
    ),
  );
}

export async function withClient<T>(databaseUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * The read model holds exactly what a fold of the stream gives: one message row per inbound event
 * and per reply outcome (no more, no fewer), one conversation per conversation of the stream, and
 * every message that failed verification in quarantine instead of in a table.
 */
export async function readModelMatchesStream(databaseUrl: string, log: EventLog): Promise<Violations> {
  const violations: Violations = [];
  const inbound = eventsOfType(log, "InboundMessageReceived");
  const sent = eventsOfType(log, "ReplySent");
  const failed = eventsOfType(log, "ReplyFailed");
  await withClient(databaseUrl, async (client) => {
    const messages = (
      await client.query<MessageRow>(
        "select id, direction, provider_sid, command_id, conversation_id, status from readmodel.message",
      )
    ).rows;
    const bySid = new Map(messages.filter((row) => row.provider_sid).map((row) => [row.provider_sid as string, row]));
    const byCommand = new Map(messages.filter((row) => row.command_id).map((row) => [row.command_id as string, row]));
    const expectedSids = new Set<string>();
    for (const event of inbound) {
      expectedSids.add(event.messageSid);
      const row = bySid.get(event.messageSid);
      if (!row) violations.push(`inbound ${event.messageSid} (stream) has no message row`);
      else if (row.direction !== "inbound" || row.conversation_id !== event.conversationId)
        violations.push(`inbound ${event.messageSid} is projected as ${row.direction} in ${row.conversation_id}`);
    }
    for (const event of sent) {
      expectedSids.add(event.messageSid);
      const row = bySid.get(event.messageSid);
      if (!row) violations.push(`reply ${event.messageSid} (stream) has no message row`);
      else if (row.direction !== "outbound" || row.command_id !== event.commandId)
        violations.push(`reply ${event.messageSid} is projected as ${row.direction} of command ${row.command_id}`);
    }
    for (const event of failed) {
      const row = byCommand.get(event.commandId);
      if (!row) violations.push(`failed reply ${event.commandId} (stream) has no message row`);
      else if (row.status !== "failed" && row.provider_sid === null)
        violations.push(`failed reply ${event.commandId} is projected with status ${row.status}`);
    }
    const expectedRows =
      expectedSids.size + failed.filter((event) => !sent.some((s) => s.commandId === event.commandId)).length;
    if (messages.length !== expectedRows)
      violations.push(`the read model holds ${messages.length} messages; the stream folds to ${expectedRows}`);
    for (const row of messages) {
      if (row.provider_sid && !expectedSids.has(row.provider_sid))
        violations.push(`message row ${row.id} (${row.provider_sid}) has no event in the stream`);
    }

    const conversations = new Set(
      (await client.query<{ id: string }>("select id from readmodel.conversation")).rows.map((row) => row.id),
    );
    const expectedConversations = new Set(inbound.map((event) => event.conversationId));
    for (const id of expectedConversations)
      if (!conversations.has(id)) violations.push(`conversation ${id} (stream) has no row`);
    for (const id of conversations)
      if (!expectedConversations.has(id)) violations.push(`conversation row ${id} has no inbound event in the stream`);

    const quarantined = new Set(
      (await client.query<{ seq: string }>("select seq::text as seq from readmodel.quarantine")).rows.map((row) =>
        Number(row.seq),
      ),
    );
    for (const message of log.rejected)
      if (!quarantined.has(message.seq))
        violations.push(`stream message ${message.seq} failed verification (${message.code}) but is not quarantined`);
  });
  return violations;
}
