import { type CloudpaNames, cloudpaNames, type ProjectorEnv } from "@cloudpa/contracts";
import { connectNats, ensureStreams } from "@cloudpa/kit";
import { type JetStreamClient, type JetStreamManager, jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";

/** The projector's NATS connection, with the streams ensured. */
export class ProjectorNats {
  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly names: CloudpaNames,
  ) {}

  static async connect(env: ProjectorEnv, clientName = "projector"): Promise<ProjectorNats> {
    const names = cloudpaNames(env.CLOUDPA_NAMESPACE);
    const nc = await connectNats(env.NATS_URL, clientName);
    const { jsm } = await ensureStreams(nc, names, {
      duplicateWindowMs: env.DUPLICATE_WINDOW_MS,
      replicas: env.STREAM_REPLICAS,
    });
    return new ProjectorNats(nc, jetstream(nc), jsm, names);
  }

  async streamLastSeq(): Promise<number> {
    const info = await this.jsm.streams.info(this.names.eventsStream);
    return info.state.last_seq;
  }

  async close(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain().catch(() => this.nc.close());
  }
}
