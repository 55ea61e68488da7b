import { type CloudpaNames, cloudpaNames } from "@cloudpa/contracts";
import { connectNats, ensureStreams } from "@cloudpa/kit";
import { type JetStreamClient, type JetStreamManager, jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import { benchName, natsUrl } from "./bench-env.js";
import { onInterrupt } from "./interrupt.js";

export interface BenchNats {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  names: CloudpaNames;
  /** Deletes the run's streams and bucket, then closes the connection. */
  cleanup(): Promise<void>;
}

/** The run's own namespace on the shared NATS: streams and channel bucket created as the services expect. */
export async function benchNats(): Promise<BenchNats> {
  const names = cloudpaNames(benchName());
  const nc = await connectNats(natsUrl, `bench-${names.namespace}`);
  const { jsm } = await ensureStreams(nc, names, { duplicateWindowMs: 10 * 60 * 1000, replicas: 1 });
  const cleanup = async () => {
    for (const stream of [names.eventsStream, names.commandsStream, `KV_${names.channelsBucket}`]) {
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
