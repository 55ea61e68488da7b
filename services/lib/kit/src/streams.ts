import type { CloudpaNames, CloudpaStreamNames } from "@cloudpa/contracts";
import {
  DiscardPolicy,
  type JetStreamManager,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
} from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { type NatsConnection, nanos } from "@nats-io/transport-node";
import { ensureMediaBucket, mediaBucketStream } from "./media-store.js";
import { recordPartitions } from "./partitions-config.js";

export interface StreamOptions {
  duplicateWindowMs: number;
  replicas: number;
}

export function streamConfigs(names: CloudpaStreamNames, options: StreamOptions): Partial<StreamConfig>[] {
  const common = {
    storage: StorageType.File,
    num_replicas: options.replicas,
    duplicate_window: nanos(options.duplicateWindowMs),
    discard: DiscardPolicy.Old,
  };
  return [
    // The source of truth: kept for ever.
    { ...common, name: names.eventsStream, subjects: [names.eventsSubjects], retention: RetentionPolicy.Limits },
    { ...common, name: names.commandsStream, subjects: [names.commandsSubjects], retention: RetentionPolicy.Workqueue },
  ];
}

/** JetStream's answer for a stream that does not exist (nats.js names it, older servers only say it). */
export function isStreamNotFound(error: unknown): boolean {
  return (error as { name?: string }).name === "StreamNotFoundError" || /stream not found/i.test(String(error));
}

async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }) {
  try {
    const info = await jsm.streams.info(config.name);
    const current = info.config;
    const drifted =
      current.duplicate_window !== config.duplicate_window ||
      current.num_replicas !== config.num_replicas ||
      JSON.stringify(current.subjects) !== JSON.stringify(config.subjects);
    if (drifted) await jsm.streams.update(config.name, { ...current, ...config });
  } catch (error) {
    if (!isStreamNotFound(error)) throw error;
    await jsm.streams.add(config);
  }
}

/**
 * The JetStream streams the set-up step creates, KV buckets as the streams behind them: what
 * every service checks for at start (`checkStreams`). The outbound's attempts bucket, which the
 * set-up step creates too, is checked by the outbound alone, when it opens it (`ServiceNats.bucket`).
 */
export function setUpStreamNames(names: CloudpaStreamNames): string[] {
  return [
    names.eventsStream,
    names.commandsStream,
    `KV_${names.channelsBucket}`,
    `KV_${names.outboundQuarantineBucket}`,
    mediaBucketStream(names),
    `KV_${names.configBucket}`,
  ];
}

/** Every stream `ensureStreams` creates: those of `setUpStreamNames`, the outbound's attempts bucket and the projector's leases. */
export function allSetUpStreamNames(names: CloudpaStreamNames): string[] {
  return [...setUpStreamNames(names), `KV_${names.outboundAttemptsBucket}`, `KV_${names.projectorLeasesBucket}`];
}

/**
 * A projector's lease on a partition, and an instance's announcement, live this long after their
 * last write (docs/decisions/020): the bucket's TTL, so a holder that dies loses its partitions
 * by the server's clock, nobody else's.
 */
export const PROJECTOR_LEASE_TTL_MS = 6_000;

/** The outbound's attempts are kept this long: far longer than any redelivery of their command. */
const ATTEMPT_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Creates or updates, idempotently, everything Cloud PA keeps in NATS: the EVENTS and
 * COMMANDS streams, the channel registry bucket and the outbound's quarantine and attempts
 * buckets, the media Object Store and the config bucket with the partition count of `names`
 * (`recordPartitions`): the streams of `allSetUpStreamNames`. Only the set-up step calls this (`npm start`,
 * `deploy/scripts/setup-streams.ts` in the migrate job, the test kit's `testNats`, the fault
 * harness); services check that they exist (`checkStreams`, `ServiceNats.bucket`) and never
 * create them.
 */
export async function ensureStreams(nc: NatsConnection, names: CloudpaNames, options: StreamOptions) {
  const jsm = await jetstreamManager(nc);
  for (const config of streamConfigs(names, options)) {
    await ensureStream(jsm, config as Partial<StreamConfig> & { name: string });
  }
  const kv = await new Kvm(nc).create(names.channelsBucket, {
    history: 5,
    replicas: options.replicas,
    storage: StorageType.File,
  });
  // Commands the outbound could not trust, kept until an operator retries them: no TTL, and a
  // short history so a record's earlier states (quarantined, then retried) can still be read.
  const outboundQuarantine = await new Kvm(nc).create(names.outboundQuarantineBucket, {
    history: 5,
    replicas: options.replicas,
    storage: StorageType.File,
  });
  // One record per SendReply attempt, written before Twilio is called (compare-and-set on the
  // revision, so one history entry is enough), expiring long after any redelivery.
  const outboundAttempts = await new Kvm(nc).create(names.outboundAttemptsBucket, {
    history: 1,
    replicas: options.replicas,
    storage: StorageType.File,
    ttl: ATTEMPT_TTL_MS,
  });
  // Uploads to send and kept copies of inbound media (decision 021): kept like the events.
  await ensureMediaBucket(nc, names, options.replicas);
  // The installation's record: its partition count, fixed from the first set-up on (docs/decisions/019).
  const config = await new Kvm(nc).create(names.configBucket, {
    history: 5,
    replicas: options.replicas,
    storage: StorageType.File,
  });
  const events = await jsm.streams.info(names.eventsStream);
  await recordPartitions(config, names.partitions, { lastSeq: events.state.last_seq });
  // The projector instances' partition leases (decision 020): revision-checked, expiring.
  await new Kvm(nc).create(names.projectorLeasesBucket, {
    history: 1,
    replicas: options.replicas,
    storage: StorageType.File,
    ttl: PROJECTOR_LEASE_TTL_MS,
  });
  return { jsm, kv, outboundQuarantine, outboundAttempts, config };
}
