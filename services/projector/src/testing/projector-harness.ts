import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CloudpaEvent,
  msgIdOf,
  type ProjectorEnv,
  parseEnv,
  projectorEnvSchema,
  signMessage,
  subjectOf,
  uuidv5,
} from "@cloudpa/contracts";
import { appendSigned, createLogger } from "@cloudpa/kit";
import {
  foldEvent,
  type MessagePartition,
  migrateReadModel,
  partitionOfSubject,
  ReadModelWorkspace,
  readCheckpoint,
  seqsByPartition,
} from "@cloudpa/read-model";
import { eventFactory, kindFields, waitForPartitionsCaughtUp } from "@cloudpa/read-model/testing";
import {
  ensureBuilt,
  runNode,
  signingKeyOf,
  type TestKeys,
  type TestNats,
  waitFor,
  withClient,
} from "@cloudpa/testkit";
import { headers } from "@nats-io/transport-node";
import type { NestFastifyApplication } from "@nestjs/platform-fastify";
import { PROJECTOR_RUNNER } from "../consumer/consumer.module.js";
import type { PartitionSupervisor } from "../consumer/leases/partition-supervisor.js";
import { createProjectorApp } from "../projector-app.js";
import { readStream } from "../stream/read-stream.js";

// The test kit's, here too so that a spec imports its helpers from one place.
export { signingKeyOf, withClient };

/** The projector's env for a test's namespace, database and keys. */
export function projectorEnvFor(
  nats: TestNats,
  databaseUrl: string,
  keys: TestKeys,
  overrides: Record<string, string> = {},
): ProjectorEnv {
  return parseEnv(projectorEnvSchema, {
    CLOUDPA_NAMESPACE: nats.names.namespace,
    NATS_URL: nats.url,
    DATABASE_URL: databaseUrl,
    EVENT_PUBLIC_KEYS: keys.env.EVENT_PUBLIC_KEYS,
    PROJECTOR_PORT: "0",
    LOG_LEVEL: "silent",
    ...overrides,
  });
}

/** What a projector process or the operator CLI reads, for a test's namespace, database and keys. */
export function processEnvFor(nats: TestNats, databaseUrl: string, keys: TestKeys): Record<string, string> {
  return {
    CLOUDPA_NAMESPACE: nats.names.namespace,
    NATS_URL: nats.url,
    DATABASE_URL: databaseUrl,
    EVENT_PUBLIC_KEYS: String(keys.env.EVENT_PUBLIC_KEYS),
    LOG_LEVEL: "warn",
  };
}

export interface RunningProjector {
  app: NestFastifyApplication;
  baseUrl: string;
  close(): Promise<void>;
}

/** Migrates the database and starts the projector in-process, listening on a free port. */
export async function startProjector(
  env: ProjectorEnv,
  options: { migrate?: boolean; durable?: string } = {},
): Promise<RunningProjector> {
  if (options.migrate !== false) await migrateReadModel(env.DATABASE_URL);
  const app = await createProjectorApp(env, {
    logger: createLogger("projector", env.LOG_LEVEL),
    ...(options.durable ? { durable: options.durable } : {}),
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.getHttpServer().address();
  const port = typeof address === "object" && address ? address.port : 0;
  let closed: Promise<void> | undefined;
  // Closing twice is closing once: a test may stop the projector that its testbed closes afterwards.
  return { app, baseUrl: `http://127.0.0.1:${port}`, close: () => (closed ??= app.close()) };
}

/** Waits until a projector started in-process holds every partition and has bound each one's consumer; its supervisor. */
export async function everyPartitionBound(
  projector: RunningProjector,
  partitions: number,
  options: { timeoutMs?: number } = {},
): Promise<PartitionSupervisor> {
  const supervisor = projector.app.get<PartitionSupervisor>(PROJECTOR_RUNNER);
  await waitFor(async () => supervisor.bound && supervisor.heldPartitions().length === partitions, {
    ...options,
    what: "every partition held and bound",
  });
  return supervisor;
}

/** Appends events one by one, each signed by the producer that owns its type. */
export async function appendEvents(nats: TestNats, keys: TestKeys, events: CloudpaEvent[]) {
  const acks = [];
  for (const event of events) acks.push(await appendSigned(nats.js, nats.names, event, signingKeyOf(keys, event)));
  return acks;
}

/** The pure fold of events: what the read model must equal. */
export function foldOf(events: CloudpaEvent[]): ReadModelWorkspace {
  const workspace = new ReadModelWorkspace();
  for (const event of events) foldEvent(workspace, event);
  return workspace;
}

/**
 * The furthest checkpoint of the inbox projection: its partition that reached furthest (or the
 * whole stream's). Progress only: with events in several partitions, its reaching the stream's last
 * sequence says one partition is there, nothing of the others; `projectorCaughtUp` waits for all.
 */
export async function checkpointOf(databaseUrl: string, schema = "readmodel"): Promise<number> {
  return withClient(databaseUrl, (client) => readCheckpoint(client, schema, { partition: "furthest" }));
}

/** The stored messages up to `lastSeq`, by the partition whose consumer reads each (from its subject). */
export async function streamSeqsByPartition(
  nats: Pick<TestNats, "js" | "names">,
  lastSeq: number,
): Promise<Map<MessagePartition, number[]>> {
  const messages: Array<{ seq: number; partition: MessagePartition }> = [];
  await readStream(nats.js, nats.names.eventsStream, { fromSeq: 1, toSeq: lastSeq }, 1000, (batch) => {
    for (const { seq, subject } of batch) messages.push({ seq, partition: partitionOfSubject(nats.names, subject) });
  });
  return seqsByPartition(messages);
}

/**
 * Waits until the projector has applied or quarantined every message stored up to `lastSeq`: each
 * partition's checkpoint at or past that partition's last message there (the read model's
 * `laggingPartitions`), not merely the furthest one at `lastSeq`. On timeout the error names each
 * partition still behind.
 */
export async function projectorCaughtUp(
  nats: Pick<TestNats, "js" | "names">,
  databaseUrl: string,
  lastSeq: number,
  { timeoutMs = 10_000, schema = "readmodel" }: { timeoutMs?: number; schema?: string } = {},
): Promise<void> {
  const byPartition = await streamSeqsByPartition(nats, lastSeq);
  await withClient(databaseUrl, (client) => waitForPartitionsCaughtUp(client, schema, byPartition, { timeoutMs }));
}

/** Appends `events` `window` at a time, without waiting for each ack; the last sequence stored. */
async function appendInWindows(
  events: CloudpaEvent[],
  window: number,
  append: (event: CloudpaEvent) => Promise<{ seq: number }>,
): Promise<number> {
  let lastSeq = 0;
  for (let at = 0; at < events.length; at += window) {
    const acks = await Promise.all(events.slice(at, at + window).map(append));
    lastSeq = Math.max(lastSeq, ...acks.map((ack) => ack.seq));
  }
  return lastSeq;
}

/**
 * Signs (one by one) and publishes many events without waiting for each ack (in order: one
 * connection), `window` at a time. Each publish's ack timeout (nats.js, 5 s) runs while it waits
 * behind the ones sent before it, so the window bounds that wait: with 2,000 a window on this
 * 2-core machine at load 7 the slowest ack took 2.2 s (and a rebuild spec's timed out at load ~9),
 * with 256 0.45 s, for the same total time (2026-12-03, 20,000 publishes, 900 B).
 */
export function appendPipelined(
  nats: { js: TestNats["js"]; names: TestNats["names"] },
  keys: TestKeys,
  events: CloudpaEvent[],
  window = 256,
): Promise<number> {
  return appendInWindows(events, window, (event) => {
    const signed = signMessage(event, signingKeyOf(keys, event));
    const hdrs = headers();
    for (const [name, value] of Object.entries(signed.headers)) hdrs.set(name, value);
    return nats.js.publish(subjectOf(nats.names, event), signed.data, { msgID: msgIdOf(event), headers: hdrs });
  });
}

/**
 * `appendPipelined` with each window signed as the ingress signs what it appends together: one
 * Ed25519 signature over a Merkle root per producer (decision 030), each event with its path, so a
 * projector checks one signature a window instead of one an event.
 */
export function appendBatchSigned(
  nats: { js: TestNats["js"]; names: TestNats["names"] },
  keys: TestKeys,
  events: CloudpaEvent[],
  window = 256,
): Promise<number> {
  return appendInWindows(events, window, (event) =>
    appendSigned(nats.js, nats.names, event, signingKeyOf(keys, event)),
  );
}

/**
 * A realistic mix: inbound messages across many conversations, replies, out-of-order statuses, reads.
 * `orgs` > 1: as many orgs (so the events fall in many partitions; `orgSeed` names another set of
 * them), each with its share of the events, interleaved one org after another.
 */
export function trafficOf(
  count: number,
  options: { conversations?: number; offset?: number; orgs?: number; orgSeed?: string; kinds?: boolean } = {},
): CloudpaEvent[] {
  const orgs = options.orgs ?? 1;
  const seed = options.orgSeed ?? "test";
  if (orgs <= 1) return orgTrafficOf(eventFactory(), count, options);
  // Event and command ids made per org, as real ones are: the factory's are not, so the stream's
  // duplicate window would drop the copies and a reply's message id would be claimed by two orgs.
  const perOrg = Array.from({ length: orgs }, (_, org) =>
    orgTrafficOf(eventFactory(uuidv5(`org:${seed}:${org}`)), Math.ceil(count / orgs), options).map(
      (event): CloudpaEvent => ({
        ...event,
        eventId: uuidv5(`${event.orgId}:${event.eventId}`),
        ...("commandId" in event ? { commandId: uuidv5(`${event.orgId}:${event.commandId}`) } : {}),
      }),
    ),
  );
  const events: CloudpaEvent[] = [];
  for (let at = 0; events.length < count; at++) {
    for (const traffic of perOrg) {
      const event = traffic[at];
      if (event && events.length < count) events.push(event);
    }
  }
  return events;
}

function orgTrafficOf(
  f: ReturnType<typeof eventFactory>,
  count: number,
  options: { conversations?: number; offset?: number; kinds?: boolean },
): CloudpaEvent[] {
  const conversations = options.conversations ?? 500;
  const offset = options.offset ?? 0;
  const events: CloudpaEvent[] = [f.connected(0)];
  for (let i = offset; events.length < count; i++) {
    const customer = i % conversations;
    const second = i;
    switch (i % 6) {
      case 0:
      case 1:
        events.push(f.inbound(i, customer, second));
        break;
      case 2:
        // With `kinds`, every other one is a message kind in turn (decision 023), quoting or reacting
        // to the message `conversations` before it: the same customer's.
        events.push(
          f.inbound(
            i,
            customer,
            second,
            options.kinds && i % 12 === 2 ? kindFields(Math.floor(i / 12), f.sid("SM", i - conversations)) : {},
          ),
        );
        break;
      case 3:
        // With `kinds`, some replies are templates (decision 022): one in four sent, one in four refused.
        events.push(options.kinds ? templateReplyOf(f, i, customer, second) : f.replySent(i, customer, second));
        break;
      case 4:
        // The reply's statuses, in a scrambled order; one arrives before the reply of the next round.
        events.push(f.status(f.sid("SM", 1_000_000 + i - 1), (i - 1) % conversations, "delivered", second));
        events.push(f.status(f.sid("SM", 1_000_000 + i - 1), (i - 1) % conversations, "sent", second));
        events.push(f.status(f.sid("SM", 1_000_000 + i + 5), (i + 5) % conversations, "read", second));
        break;
      default:
        events.push(f.read(customer, second));
    }
  }
  return events.slice(0, count);
}

/** A reply of the `kinds` traffic: a template sent (i % 24 = 3), a template Twilio refused (i % 24 = 9), else text. */
function templateReplyOf(
  f: ReturnType<typeof eventFactory>,
  i: number,
  customer: number,
  second: number,
): CloudpaEvent {
  const template = { contentSid: `HX${"5e".repeat(16)}`, variables: { "1": `customer ${customer}` } };
  const body = `Hello customer ${customer}, your order is ready.`;
  if (i % 24 === 3) return f.replySent(i, customer, second, { body, template });
  if (i % 24 === 9)
    return f.replyFailed(i, customer, second, {
      reason: "twilio_error",
      errorCode: "63016",
      errorMessage: "Failed to send freeform message because you are outside the allowed window",
      from: f.channelNumber,
      to: f.customer(customer),
      body,
      template,
    });
  return f.replySent(i, customer, second);
}

const root = new URL("../../../../", import.meta.url).pathname;

/** Builds the projector (and what it imports) into dist, for tests that run it as a process. */
export function buildProjector(): Promise<void> {
  return ensureBuilt("services");
}

/** The projector as a child process (`node services/projector/dist/main.js`). */
export function spawnProjector(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [`${root}services/projector/dist/main.js`], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

/** Runs the operator CLI (`node services/projector/dist/cli.js …`) and returns its output. */
export function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return runNode("services/projector/dist/cli.js", args, env);
}

/**
 * What a Node process loads: `env` makes a process started with it record every module URL it
 * loaded when it exits (`loaded-modules.mjs`, preloaded); `modulesOf(command)` reads them back, of
 * the operator command's processes (its argv[2]) or, without one, of every process. `close()`
 * removes the records (give the trace to the testbed's `closeAfter`).
 */
export function moduleTrace(): {
  env: Record<string, string>;
  modulesOf(command?: string): string[];
  close(): Promise<void>;
} {
  const dir = mkdtempSync(join(tmpdir(), "cloudpa-loaded-"));
  return {
    close: () => rm(dir, { recursive: true, force: true }),
    env: {
      LOADED_MODULES_DIR: dir,
      NODE_OPTIONS: `--import=${new URL("./loaded-modules.mjs", import.meta.url).href}`,
    },
    modulesOf: (command) =>
      readdirSync(dir)
        .filter((file) => command === undefined || file.startsWith(`${command}-`))
        .flatMap((file) => readFileSync(join(dir, file), "utf8").split("\n")),
  };
}
