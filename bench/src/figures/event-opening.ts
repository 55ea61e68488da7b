import { randomBytes } from "node:crypto";
import {
  cloudpaEventSchema,
  type HeaderLookup,
  openEvent,
  publicKeysSchema,
  type SignedMessage,
  signBatch,
  VerifiedRoots,
} from "@cloudpa/contracts";
import type { BenchKeys } from "../infra/bench-keys.js";
import { backlogEvents, INGRESS_SIGNING_BATCH } from "./event-backlog.js";

/** Events opened in each pass: enough for a steady figure (a pass takes about half a second here). */
const EVENTS = 20_000;
/** Passes after the warm-up; the cheapest is the figure, the others having met the machine's noise. */
const PASSES = 3;

export interface OpeningCpu {
  /** contracts' `openEvent`, µs an event: the signature's share, the Merkle leaf and path, JSON and zod. */
  openUs: number;
  /** Of it, the JSON and zod parse alone, µs an event: what parsing at the edge costs whatever the signatures. */
  parseUs: number;
}

/**
 * What opening one event costs this process's CPU, by contracts' `openEvent`, the very function the
 * projector and the rebuild call: its share of its batch's Ed25519 verification, its Merkle leaf and
 * path, its JSON and its zod parse. Every projected event pays it, live or in a rebuild (a forged or
 * altered event is never projected, and a payload from NATS is parsed at the edge), so it is a floor
 * under what the projector's own code spends on an event, whatever else it does (reading the stream,
 * the fold, its SQL or COPY text). Events signed as the backlog's are, in batches of the ingress's;
 * each pass verifies afresh (its own `VerifiedRoots`); the cheapest pass after a warm-up.
 */
export function openingCpu(keys: BenchKeys, conversations: number, events = EVENTS): OpeningCpu {
  const keyring = publicKeysSchema.parse(keys.env.EVENT_PUBLIC_KEYS);
  const runId = randomBytes(4).toString("hex");
  const signed: SignedMessage[] = [];
  for (let from = 0; from < events; from += INGRESS_SIGNING_BATCH) {
    const to = Math.min(from + INGRESS_SIGNING_BATCH, events);
    signed.push(...signBatch(backlogEvents({ from, to, conversations, runId }), keys.ingress));
  }
  const messages = signed.map(({ data, headers }) => {
    const lookup: HeaderLookup = (name) => (headers as Record<string, string | undefined>)[name] ?? "";
    return { data, lookup };
  });
  const openUs = cheapestPass(messages.length, () => {
    const verifiedRoots = new VerifiedRoots();
    for (const { data, lookup } of messages) openEvent(data, lookup, keyring, verifiedRoots);
  });
  const parseUs = cheapestPass(messages.length, () => {
    for (const { data } of messages) cloudpaEventSchema.parse(JSON.parse(Buffer.from(data).toString("utf8")));
  });
  return { openUs, parseUs };
}

/** CPU µs an item of the cheapest of `PASSES` runs of `pass` over `items`, after one to warm up. */
function cheapestPass(items: number, pass: () => void): number {
  const once = () => {
    const before = process.cpuUsage();
    pass();
    const spent = process.cpuUsage(before);
    return (spent.user + spent.system) / items;
  };
  once();
  return Math.min(...Array.from({ length: PASSES }, once));
}
