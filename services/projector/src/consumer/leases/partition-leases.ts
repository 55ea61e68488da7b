import { JetStreamApiCodes, JetStreamApiError } from "@nats-io/jetstream";
import type { KV } from "@nats-io/kv";

/**
 * How long a lease or an instance's announcement lives after its last write: the leases bucket's
 * TTL (the set-up step makes it so, docs/decisions/020). A holder that stops renewing (a SIGKILL,
 * a lost connection) loses its partitions this long after its last renewal.
 */
export const LEASE_TTL_MS = 6_000;
/** How often a holder renews its leases and announces itself: three chances before the TTL. */
export const LEASE_RENEW_MS = 2_000;
/**
 * A holder that has not renewed for this long stops applying on its own, before the TTL lets
 * another claim (the fencing token is what guarantees it; this only keeps the loser quiet).
 */
export const LEASE_SELF_EXPIRY_MS = LEASE_TTL_MS - 1_000;

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
    private readonly kv: KV,
    readonly instance: string,
    readonly scope: string,
  ) {}

  /** Takes a free partition: its fencing token, or undefined when someone holds it. */
  async claim(partition: number): Promise<number | undefined> {
    try {
      return await this.kv.create(partitionKey(this.scope, partition), encode(this.instance));
    } catch (error) {
      if (isWrongRevision(error)) return undefined;
      throw error;
    }
  }

  /** Keeps a held partition: its new revision, or undefined when the lease was lost (expired, taken). */
  async renew(partition: number, revision: number): Promise<number | undefined> {
    try {
      return await this.kv.update(partitionKey(this.scope, partition), encode(this.instance), revision);
    } catch (error) {
      if (isWrongRevision(error)) return undefined;
      throw error;
    }
  }

  /** Gives a partition up, unless someone else holds it by now. */
  async release(partition: number, revision: number): Promise<void> {
    await this.kv.delete(partitionKey(this.scope, partition), { previousSeq: revision }).catch((error: unknown) => {
      if (!isWrongRevision(error)) throw error;
    });
  }

  /** Says this instance is alive (renewed with the leases). */
  async announce(): Promise<void> {
    await this.kv.put(instanceKey(this.scope, this.instance), encode(this.instance));
  }

  /** Says this instance is leaving: the others count it out at once. */
  async withdraw(): Promise<void> {
    await this.kv.delete(instanceKey(this.scope, this.instance));
  }

  /** The live instances (announced within the TTL) and the partitions held now, with their holders. */
  async survey(): Promise<{ instances: string[]; holders: Map<number, string> }> {
    const instances: string[] = [];
    const holders = new Map<number, string>();
    const instancePrefix = instanceKey(this.scope, "");
    const partitionPrefix = partitionKey(this.scope, 0).slice(0, -1);
    for await (const key of await this.kv.keys(`${this.scope}.>`)) {
      if (key.startsWith(instancePrefix)) instances.push(key.slice(instancePrefix.length));
      else if (key.startsWith(partitionPrefix)) holders.set(Number(key.slice(partitionPrefix.length)), "");
    }
    for (const partition of holders.keys()) {
      const entry = await this.kv.get(partitionKey(this.scope, partition));
      if (entry?.operation !== "PUT") holders.delete(partition);
      else holders.set(partition, (JSON.parse(decoder.decode(entry.value)) as LeaseValue).instance);
    }
    return { instances: instances.sort(), holders };
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
