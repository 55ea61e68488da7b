import { randomBytes, randomUUID } from "node:crypto";
import {
  type CloudpaNames,
  channelIdFor,
  commandIdFor,
  conversationIdFor,
  DEFAULT_ORG_ID,
  type SendReply,
  type SigningKey,
} from "@cloudpa/contracts";
import { appendSigned } from "@cloudpa/kit";
import { waitFor } from "@cloudpa/testkit";
import type { TwilioSim } from "@cloudpa/twilio-sim";
import { jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import type { EventLog } from "./event-log.js";
import { CHANNEL_NUMBER } from "./fault-scenario.js";

/** One customer message the simulated Twilio sent as a webhook, and what came of it. */
export interface InboundOutcome {
  messageSid: string;
  from: string;
  body: string;
  /** The webhook's final HTTP status after Twilio's retries; null when no answer came. */
  webhookStatus: number | null;
  attempts: number;
}

/** Runs `work` over `items` with at most `concurrency` at a time. */
export async function inPool<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= items.length) return;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** A handful of customers with numbers of their own (fresh per call, so scenarios never share one). */
export function customers(count: number): string[] {
  return Array.from(
    { length: count },
    () => `+1555${String(randomBytes(4).readUInt32BE() % 10_000_000).padStart(7, "0")}`,
  );
}

export function conversationOf(customer: string): string {
  return conversationIdFor(channelIdFor(DEFAULT_ORG_ID, CHANNEL_NUMBER), `whatsapp:${customer}`);
}

/**
 * Customers write `count` messages through the simulator, `concurrency` webhooks in flight; the
 * simulator signs and retries each webhook as Twilio does (the URL's `#rc=3&rp=all`).
 */
export async function customersWrite(
  sim: TwilioSim,
  count: number,
  options: { concurrency?: number; from?: string[]; label?: string } = {},
): Promise<InboundOutcome[]> {
  const from = options.from ?? customers(10);
  const label = options.label ?? "msg";
  return inPool(
    Array.from({ length: count }, (_, index) => index),
    options.concurrency ?? 8,
    async (index) => {
      const customer = from[index % from.length] as string;
      const body = `${label} ${index} ${randomUUID()}`;
      const result = await sim.inbound({ from: customer, profileName: `Customer ${customer.slice(-4)}`, body });
      return {
        messageSid: result.messageSid,
        from: `whatsapp:${customer}`,
        body,
        webhookStatus: result.webhookStatus,
        attempts: result.attempts,
      };
    },
  );
}

/**
 * The freelancer answers: SendReply commands on the COMMANDS stream, signed with the web's key,
 * exactly as the web's reply action appends them: the commandId derived from the org and the
 * client's key (the inbox form's own UUID; `commandIdFor`). Each reply's text names its commandId.
 */
export async function freelancerReplies(
  nc: NatsConnection,
  names: CloudpaNames,
  webKey: SigningKey,
  conversationIds: readonly string[],
  count: number,
): Promise<SendReply[]> {
  const js = jetstream(nc);
  const commands: SendReply[] = Array.from({ length: count }, (_, index) => {
    const commandId = commandIdFor(DEFAULT_ORG_ID, randomUUID());
    return {
      type: "SendReply",
      version: 1,
      commandId,
      orgId: DEFAULT_ORG_ID,
      conversationId: conversationIds[index % conversationIds.length] as string,
      text: `reply ${index} ${commandId}`,
      requestedBy: "faults-suite",
      requestedAt: new Date().toISOString(),
    };
  });
  await inPool(commands, 8, (command) => appendSigned(js, names, command, webKey));
  return commands;
}

/** Waits until every command has its outcome (ReplySent or ReplyFailed) in the stream. */
export async function outcomesOf(
  readLog: () => Promise<EventLog>,
  commands: readonly SendReply[],
  timeoutMs = 90_000,
): Promise<EventLog> {
  const wanted = new Set(commands.map((command) => command.commandId));
  return waitFor(
    async () => {
      const log = await readLog();
      const settled = new Set(
        log.events
          .map((entry) => entry.event)
          .filter((event) => event.type === "ReplySent" || event.type === "ReplyFailed")
          .map((event) => (event as { commandId: string }).commandId),
      );
      return [...wanted].every((id) => settled.has(id)) ? log : undefined;
    },
    { timeoutMs, intervalMs: 500, what: `an outcome for every command (${commands.length})` },
  );
}
