import { type CloudpaNames, cloudpaNames, DEFAULT_EVENT_PARTITIONS } from "@cloudpa/contracts";
import { allSetUpStreamNames, ensureStreams } from "@cloudpa/kit";
import { type JetStreamClient, type JetStreamManager, jetstream } from "@nats-io/jetstream";
import type { KV } from "@nats-io/kv";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { infrastructure } from "./infrastructure.js";
import { uniqueName } from "./unique-name.js";

export interface TestNats {
  url: string;
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  kv: KV;
  names: CloudpaNames;
  /** Deletes this test's streams and bucket and closes the connection. */
  cleanup(): Promise<void>;
}

/**
 * A NATS connection with its own namespace: streams and buckets created, the partition count
 * recorded as the set-up does (`partitions`, default 16), removed by cleanup().
 */
export async function testNats(options: { duplicateWindowMs?: number; partitions?: number } = {}): Promise<TestNats> {
  const { natsUrl } = await infrastructure();
  const names = cloudpaNames(uniqueName(), { partitions: options.partitions ?? DEFAULT_EVENT_PARTITIONS });
  const nc = await connect({ servers: natsUrl, name: `test-${names.namespace}` });
  const { jsm, kv } = await ensureStreams(nc, names, {
    duplicateWindowMs: options.duplicateWindowMs ?? 60 * 60 * 1000,
    replicas: 1,
  });
  return {
    url: natsUrl,
    nc,
    js: jetstream(nc),
    jsm,
    kv,
    names,
    async cleanup() {
      for (const stream of allSetUpStreamNames(names)) {
        await jsm.streams.delete(stream).catch(() => undefined);
      }
      await nc.close();
    },
  };
}
