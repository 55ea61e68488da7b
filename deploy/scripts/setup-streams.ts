// One-shot set-up of everything Cloud PA keeps in NATS (EVENTS, COMMANDS, the KV buckets),
// run by the `migrate` step as the NATS admin user before any service starts. In a cluster
// STREAM_REPLICAS=3 makes every stream R3; the services then only need STREAM.INFO.
// Run: `node deploy/scripts/setup-streams.ts` (Node 24 strips the types).
import { fileURLToPath } from "node:url";
import { cloudpaNames, envParts } from "@cloudpa/contracts";
import { allSetUpStreamNames, ensureStreams, natsServersOf } from "@cloudpa/kit";
import { connect } from "@nats-io/transport-node";

export interface SetupResult {
  streams: string[];
  replicas: number;
  partitions: number;
}

export async function setupStreams(env: Record<string, string | undefined> = process.env): Promise<SetupResult> {
  // The partition count is recorded once, at the first set-up, and never changes (docs/decisions/019).
  const partitions = envParts.EVENT_PARTITIONS.parse(env.EVENT_PARTITIONS);
  const names = cloudpaNames(envParts.CLOUDPA_NAMESPACE.parse(env.CLOUDPA_NAMESPACE), { partitions });
  const replicas = envParts.STREAM_REPLICAS.parse(env.STREAM_REPLICAS);
  const duplicateWindowMs = envParts.DUPLICATE_WINDOW_MS.parse(env.DUPLICATE_WINDOW_MS);
  // The credentials of the URL's user part (`nats://admin:secret@nats:4222`), which the NATS CLI
  // and Go client honour but nats.js does not read by itself: the kit lifts them as for services.
  const nc = await connect({ ...natsServersOf(envParts.NATS_URL.parse(env.NATS_URL)), name: "cloudpa-setup-streams" });
  try {
    await ensureStreams(nc, names, { duplicateWindowMs, replicas });
    return { streams: allSetUpStreamNames(names), replicas, partitions };
  } finally {
    await nc.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  setupStreams().then(
    ({ streams, replicas, partitions }) => {
      console.log(
        JSON.stringify({
          level: "info",
          service: "setup-streams",
          msg: "streams ready",
          streams,
          replicas,
          partitions,
        }),
      );
    },
    (error: unknown) => {
      console.error(
        JSON.stringify({ level: "error", service: "setup-streams", msg: "stream set-up failed", error: String(error) }),
      );
      process.exit(1);
    },
  );
}
