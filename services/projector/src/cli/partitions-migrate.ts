import type { CloudpaNames, PartitionedSince } from "@cloudpa/contracts";
import { readPartitionedSince, type ServiceNats, writePartitionedSince } from "@cloudpa/kit/core";
import { readCheckpoint, seedPartitionCheckpoints } from "@cloudpa/read-model";
import type pg from "pg";
import { PROJECTOR_DURABLE } from "../consumer/projector-consumer.js";

/** Why `cloudpa partitions migrate` did not move the stream over: the operator's next step is in the message. */
export class MigrationRefused extends Error {
  override name = "MigrationRefused";
  constructor(
    readonly code:
      | "PARTITIONS.PROJECTOR_RUNNING"
      | "PARTITIONS.OLD_PRODUCERS"
      | "PARTITIONS.NOT_CAUGHT_UP"
      | "PARTITIONS.RACED",
    message: string,
  ) {
    super(message);
  }
}

export interface MigrateToPartitionsInput {
  nats: ServiceNats;
  pool: pg.Pool;
  schema: string;
  /** The unpartitioned projector's durable consumer (its default, or a test's). */
  durable?: string;
  /** How long no event may appear on the subjects from before partitions (default 5 s). */
  quietMs?: number;
  progress?: (line: string) => void;
  signal?: AbortSignal;
  now?: () => Date;
}

export type MigrateOutcome =
  | { kind: "already"; since: PartitionedSince }
  | { kind: "migrated"; since: PartitionedSince; lastLegacySeq: number };

/**
 * The subjects of events from before partitions (`<ns>.evt.<org>.<conversation>.<kind>`,
 * `<ns>.evt.<org>.channel|contact.<id>.<kind>`): the partitioned format has a token more, so a
 * conversation's subject never matches the first, and its fourth token is an org id, never
 * `channel` or `contact`.
 */
export function legacyEventFilters(names: Pick<CloudpaNames, "namespace">): string[] {
  const ns = names.namespace;
  return [`${ns}.evt.*.*.*`, `${ns}.evt.*.channel.*.*`, `${ns}.evt.*.contact.*.*`];
}

/** The sequence of the last event stored on a subject from before partitions; 0 if there is none. */
export async function lastLegacySeq(nats: ServiceNats): Promise<number> {
  const last = await Promise.all(
    legacyEventFilters(nats.names).map((filter) =>
      nats.jsm.streams
        .getMessage(nats.names.eventsStream, { last_by_subj: filter })
        .then((message) => message?.seq ?? 0),
    ),
  );
  return Math.max(0, ...last);
}

/** Whether a client is pulling from the unpartitioned projector's durable now (its waiting pull requests). */
async function pullersOf(nats: ServiceNats, durable: string): Promise<number> {
  try {
    const info = await nats.jsm.consumers.info(nats.names.eventsStream, durable);
    return info.num_waiting + (info.push_bound ? 1 : 0);
  } catch (error) {
    if (/consumer not found/i.test(String(error))) return 0;
    throw error;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error("interrupted"));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(new Error("interrupted"));
      },
      { once: true },
    );
  });
}

/**
 * Moves a stream and read model from before partitions to partitions (docs/decisions/019). The
 * stream stays as it is (append-only and signed: old events keep their subjects, and every
 * reader takes both formats); what changes is who projects what from where:
 *
 * 1. Refuses while the unpartitioned projector is pulling (it would apply, from the whole
 *    stream's checkpoint, events the partitions' consumers apply too).
 * 2. Refuses while anything still appends on the old subjects: the last such event must stay
 *    where it is for `quietMs` (the partitions' consumers would never read a later one).
 * 3. Refuses unless the whole stream's checkpoint covers the last old-format event (then the
 *    unpartitioned projector applied every one of them, and whatever new-format events came
 *    before its checkpoint).
 * 4. Starts every partition's checkpoint at the whole stream's (`seedPartitionCheckpoints`),
 *    checks once more that no old-format event came meanwhile, and records in the config
 *    bucket that the projection is partitioned after that sequence, with the partition count.
 *
 * The web keeps serving the read model throughout: nothing in it is rewritten.
 */
export async function migrateToPartitions(input: MigrateToPartitionsInput): Promise<MigrateOutcome> {
  const { nats, pool, schema } = input;
  const { names } = nats;
  const progress = input.progress ?? (() => undefined);
  const quietMs = input.quietMs ?? 5000;
  const durable = input.durable ?? PROJECTOR_DURABLE;
  const config = await nats.bucket(names.configBucket);

  const recorded = await readPartitionedSince(config);
  if (recorded) return { kind: "already", since: recorded.record };
  progress(`${names.partitions} partitions, as the set-up recorded`);

  let pulling = await pullersOf(nats, durable);
  for (
    const until = Date.now() + quietMs;
    pulling > 0 && Date.now() < until;
    pulling = await pullersOf(nats, durable)
  ) {
    await sleep(Math.min(500, quietMs), input.signal);
  }
  if (pulling > 0) {
    throw new MigrationRefused(
      "PARTITIONS.PROJECTOR_RUNNING",
      `the projector from before partitions is still consuming (durable ${durable}): stop every projector instance ` +
        "once it has caught up (the inbox keeps serving the read model meanwhile), then run this again",
    );
  }

  const legacyEnd = await lastLegacySeq(nats);
  progress(
    `old-format events end at seq ${legacyEnd}; checking for ${quietMs / 1000} s that nothing still writes them`,
  );
  await sleep(quietMs, input.signal);
  const stillEnd = await lastLegacySeq(nats);
  if (stillEnd !== legacyEnd) {
    throw new MigrationRefused(
      "PARTITIONS.OLD_PRODUCERS",
      `an old-format event was appended while checking (seq ${legacyEnd} → ${stillEnd}): a producer from before ` +
        "partitions is still running; finish deploying the ingress, outbound and web, let the projector apply " +
        "what they wrote, then run this again",
    );
  }

  const applied = await readCheckpoint(pool, schema);
  progress(`the projector from before partitions applied up to seq ${applied} of ${stillEnd}`);
  if (applied < stillEnd) {
    throw new MigrationRefused(
      "PARTITIONS.NOT_CAUGHT_UP",
      `the projector from before partitions applied up to seq ${applied}, old-format events go up to ${stillEnd}: ` +
        "start it (as it is) until `cloudpa status` shows it caught up, stop it, then run this again",
    );
  }

  const afterSeq = await seedPartitionCheckpoints(pool, schema, names.eventsStream, names.partitions);
  progress(`${names.partitions} partition checkpoints start at seq ${afterSeq}`);
  const lastEnd = await lastLegacySeq(nats);
  if (lastEnd !== stillEnd) {
    throw new MigrationRefused(
      "PARTITIONS.OLD_PRODUCERS",
      `an old-format event was appended at seq ${lastEnd} while the checkpoints were seeded: the stream stays ` +
        "unpartitioned; stop that producer, let the projector apply it, then run this again",
    );
  }
  const since: PartitionedSince = {
    partitions: names.partitions,
    afterSeq,
    at: (input.now?.() ?? new Date()).toISOString(),
    by: "migrate",
  };
  try {
    await writePartitionedSince(config, since);
  } catch (error) {
    throw new MigrationRefused("PARTITIONS.RACED", `another migration recorded the partitions first: ${String(error)}`);
  }
  progress(
    `partitioned after seq ${afterSeq}: start the projector (1 to ${names.partitions} instances); ` +
      "each event after it is projected by its partition's consumer",
  );
  return { kind: "migrated", since, lastLegacySeq: stillEnd };
}
