import { type CloudpaNames, cloudpaNames, DEFAULT_EVENT_PARTITIONS } from "@cloudpa/contracts";
import { allSetUpStreamNames, connectNats, ensureStreams } from "@cloudpa/kit";
import { type JetStreamClient, type JetStreamManager, jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { benchName, natsUrl } from "./bench-env.js";
import { onInterrupt } from "./interrupt.js";

export interface BenchNats {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  names: CloudpaNames;
  /** Deletes every stream and bucket the set-up made for the run, then closes the connection. */
  cleanup(): Promise<void>;
}

/** The run's own namespace on the shared NATS, set up as the migrate step does (streams, buckets, `partitions` recorded, 16 unless told). */
export async function benchNats(partitions = DEFAULT_EVENT_PARTITIONS): Promise<BenchNats> {
  const names = cloudpaNames(benchName(), { partitions });
  const nc = await connectNats(natsUrl, `bench-${names.namespace}`);
  const { jsm } = await ensureStreams(nc, names, { duplicateWindowMs: 10 * 60 * 1000, replicas: 1 });
  const cleanup = async () => {
    for (const stream of allSetUpStreamNames(names)) {
      await jsm.streams.delete(stream).catch(() => undefined);
    }
    await nc.close();
  };
  const forget = onInterrupt(cleanup);
  return {
    nc,
    js: jetstream(nc),
    jsm,
    names,
    async cleanup() {
      forget();
      await cleanup();
    },
  };
}
