import { type Logger, type NatsEnv, ServiceNats } from "@cloudpa/kit";
import { JetStreamApiCodes, JetStreamApiError, type JetStreamManager } from "@nats-io/jetstream";
import type { KV } from "@nats-io/kv";

/**
 * A lease, or an instance's announcement, whose revision an instance has seen standing still this
 * long (by its own clock) is stale: its holder is taken for dead and the lease is taken over
 * (docs/decisions/020). The bucket's own TTL (6 s, `PROJECTOR_LEASE_TTL_MS`, the set-up's) only
 * removes keys nobody takes.
 */
export const LEASE_TTL_MS = 5_000;
/** How often a holder renews its leases and announces itself: three chances within the TTL. */
export const LEASE_RENEW_MS = 1_500;
/**
 * A holder that has not renewed for this long stops applying on its own, before another can
 * take the lease over (the fencing token is what guarantees it; this only keeps the loser quiet).
 */
export const LEASE_SELF_EXPIRY_MS = LEASE_TTL_MS - 1_500;

/** The bucket now: each announced instance and each held partition, with the revision of its key. */
export interface Survey {
  instances: Map<string, number>;
  holders: Map<number, { instance: string; revision: number }>;
}

/** What a lease key holds: who holds the partition, for `cloudpa status`. */
export interface LeaseValue {
  instance: string;
  at: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function encode(instance: string): Uint8Array {
  return encoder.encode(JSON.stringify({ instance, at: new Date().toISOString() } satisfies LeaseValue));
}

function decode(value: Uint8Array): LeaseValue {
  return JSON.parse(decoder.decode(value)) as LeaseValue;
}

/** The key of a partition's lease among the projectors of one durable consumer name. */
export function partitionKey(scope: string, partition: number): string {
  return `${scope}.partition.${partition}`;
}

/** The key of an instance's announcement among the projectors of one durable consumer name. */
function instanceKey(scope: string, instance: string): string {
  return `${scope}.instance.${instance}`;
}

/**
 * The projector's leases in a NATS KV bucket (`<ns>-projector-leases`): one key per held partition
 * and one per live instance, all expiring with the bucket's TTL unless renewed. Every write that
 * takes or keeps a partition is checked against the key's revision (create: none; update, delete:
 * the holder's), so two instances can never both hold one. A lease's fencing token is the revision
 * that created it: the bucket's sequence, greater for every later holder. Keys are scoped by the
 * projectors' durable consumer name (`scope`, `projector-inbox`): projectors that keep two read
 * models (tests, a reference copy) share nothing.
 */
export class PartitionLeases {
  constructor(
    private readonly bucket: {
      name: string;
      kv: KV;
      jsm: JetStreamManager;
      close?(): Promise<void>;
      /** Fails a request as soon as the connection drops (`ServiceNats.whileConnected`); absent: waits for its timeout. */
      whileConnected?<T>(request: Promise<T>): Promise<T>;
    },
    readonly instance: string,
    readonly scope: string,
  ) {}

  /**
   * A live instance's leases, on a NATS connection of their own (docs/decisions/042): nats-server
   * answers a connection's requests one after another, and the consumers' binds and counts of a
   * large stream's partitions took seconds each on 2.9 (a filtered consumer's pending events are
   * counted at each create and info). Renewals queued behind them let every lease of the instance
   * expire, and all its partitions were bound again, which made more of the same requests.
   */
  static async connect(env: NatsEnv, instance: string, scope: string, logger: Logger): Promise<PartitionLeases> {
    const clientName = "cloudpa-projector-leases";
    const nats = await ServiceNats.connect(env, { clientName, logger: logger.child({ connection: clientName }) });
    try {
      const name = nats.names.projectorLeasesBucket;
      const bucket = {
        name,
        kv: await nats.bucket(name),
        jsm: nats.jsm,
        close: () => nats.close(),
        whileConnected: <T>(request: Promise<T>) => nats.whileConnected(request),
      };
      return new PartitionLeases(bucket, instance, scope);
    } catch (error) {
      await nats.close();
      throw error;
    }
  }

  /** Closes the connection the leases were opened on by `connect` (none otherwise). */
  async close(): Promise<void> {
    await this.bucket.close?.();
  }

  private get kv(): KV {
    return this.bucket.kv;
  }

  /**
   * A request to the bucket, failed at once if the connection drops before its answer: a renewal
   * waiting 5 s for an answer lost in a blip let every lease expire (decision 042).
   */
  private ask<T>(request: Promise<T>): Promise<T> {
    return this.bucket.whileConnected ? this.bucket.whileConnected(request) : request;
  }

  /** Takes a free partition: its fencing token, or undefined when someone holds it. */
  async claim(partition: number): Promise<number | undefined> {
    try {
      return await this.ask(this.kv.create(partitionKey(this.scope, partition), encode(this.instance)));
    } catch (error) {
      if (isWrongRevision(error)) return undefined;
      throw error;
    }
  }

  /**
   * Takes a partition whose holder stopped renewing: the update succeeds only if the lease still
   * has the revision seen unchanged for a whole TTL (so its holder did not renew meanwhile).
   * Its fencing token, or undefined when someone wrote it first.
   */
  async takeOver(partition: number, staleRevision: number): Promise<number | undefined> {
    return this.update(partitionKey(this.scope, partition), staleRevision);
  }

  /**
   * Keeps a held partition: its new revision, or undefined when the lease was lost (expired, taken).
   * Refused at `revision` yet still naming this instance, the lease is kept at the revision it has:
   * an earlier renewal was written and its answer lost (a dropped connection). Only this instance
   * writes its name, so nobody took it meanwhile.
   */
  async renew(partition: number, revision: number): Promise<number | undefined> {
    const key = partitionKey(this.scope, partition);
    const written = await this.update(key, revision);
    if (written !== undefined) return written;
    const entry = await this.ask(this.kv.get(key));
    if (entry?.operation !== "PUT" || entry.revision < revision) return undefined;
    return decode(entry.value).instance === this.instance ? entry.revision : undefined;
  }

  /** Writes this instance's name at `key` if it still has `revision`: its new revision, or undefined. */
  private async update(key: string, revision: number): Promise<number | undefined> {
    try {
      return await this.ask(this.kv.update(key, encode(this.instance), revision));
    } catch (error) {
      if (isWrongRevision(error)) return undefined;
      throw error;
    }
  }

  /** Gives a partition up, unless someone else holds it by now. */
  async release(partition: number, revision: number): Promise<void> {
    await this.ask(this.kv.delete(partitionKey(this.scope, partition), { previousSeq: revision })).catch(
      (error: unknown) => {
        if (!isWrongRevision(error)) throw error;
      },
    );
  }

  /** Says this instance is alive (renewed with the leases). */
  async announce(): Promise<void> {
    await this.ask(this.kv.put(instanceKey(this.scope, this.instance), encode(this.instance)));
  }

  /** Says this instance is leaving: the others count it out at once. */
  async withdraw(): Promise<void> {
    await this.kv.delete(instanceKey(this.scope, this.instance));
  }

  /**
   * The live instances (announced within the TTL) and the partitions held now, with their holders.
   * The keys come from the bucket's stream state in one request (`kv.keys()` can wait for ever
   * while other instances keep writing: it waits for a last message that renewals keep pushing
   * back); each is then read for its value, deleted ones left out.
   *
   * What this instance wrote itself is not read back: its own announcement, and the leases in
   * `own` (partition → the revision its last write returned), which are reported as its own at
   * that revision while their keys exist. A lease it lost shows at its next renewal, which the
   * server refuses. Read back, they were one request each per survey, every second: 17 of the 18
   * requests of an idle instance holding 16 partitions.
   */
  async survey(own: ReadonlyMap<number, number> = new Map()): Promise<Survey> {
    const prefix = `$KV.${this.bucket.name}.`;
    const info = await this.bucket.jsm.streams.info(`KV_${this.bucket.name}`, {
      subjects_filter: `${prefix}${this.scope}.>`,
    });
    const keys = Object.keys(info.state.subjects ?? {}).map((subject) => subject.slice(prefix.length));
    const instancePrefix = instanceKey(this.scope, "");
    const partitionPrefix = partitionKey(this.scope, 0).slice(0, -1);
    const instances = new Map<string, number>();
    const holders = new Map<number, { instance: string; revision: number }>();
    const ownKey = instanceKey(this.scope, this.instance);
    await Promise.all(
      keys.map(async (key) => {
        if (key === ownKey) return;
        const held = key.startsWith(partitionPrefix) ? Number(key.slice(partitionPrefix.length)) : undefined;
        const ownRevision = held === undefined ? undefined : own.get(held);
        if (held !== undefined && ownRevision !== undefined) {
          holders.set(held, { instance: this.instance, revision: ownRevision });
          return;
        }
        const entry = await this.kv.get(key);
        if (entry?.operation !== "PUT") return;
        if (key.startsWith(instancePrefix)) instances.set(key.slice(instancePrefix.length), entry.revision);
        else if (key.startsWith(partitionPrefix)) {
          const { instance } = decode(entry.value);
          holders.set(Number(key.slice(partitionPrefix.length)), { instance, revision: entry.revision });
        }
      }),
    );
    return { instances, holders };
  }
}

/** The server refused a write checked against a revision the key no longer has. */
function isWrongRevision(error: unknown): boolean {
  return (
    error instanceof JetStreamApiError &&
    (error.code === JetStreamApiCodes.StreamWrongLastSequence ||
      error.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown)
  );
}
