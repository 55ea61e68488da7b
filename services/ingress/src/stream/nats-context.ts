import { type CloudpaNames, cloudpaNames, type IngressEnv } from "@cloudpa/contracts";
import { connectNats, ensureStreams, errorContext, type Logger } from "@cloudpa/kit";
import { type JetStreamClient, type JetStreamManager, jetstream } from "@nats-io/jetstream";
import type { KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";

/**
 * The ingress's NATS connection, its streams (created or updated at start-up) and whether
 * it is connected right now. While disconnected the ingress answers 503 at once instead of
 * queueing a publish it cannot confirm.
 */
export class NatsContext {
  private connected = true;

  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly kv: KV,
    readonly names: CloudpaNames,
    private readonly logger: Logger,
  ) {
    void this.followStatus();
  }

  static async connect(env: IngressEnv, logger: Logger): Promise<NatsContext> {
    const names = cloudpaNames(env.CLOUDPA_NAMESPACE);
    const nc = await connectNats(env.NATS_URL, "cloudpa-ingress");
    try {
      const { jsm, kv } = await ensureStreams(nc, names, {
        duplicateWindowMs: env.DUPLICATE_WINDOW_MS,
        replicas: env.STREAM_REPLICAS,
      });
      return new NatsContext(nc, jetstream(nc), jsm, kv, names, logger);
    } catch (error) {
      await nc.close();
      throw error;
    }
  }

  isConnected(): boolean {
    return this.connected && !this.nc.isClosed();
  }

  async streamsPresent(): Promise<boolean> {
    // While disconnected the request would only wait for its timeout; readiness must answer fast.
    if (!this.isConnected()) return false;
    await this.jsm.streams.info(this.names.eventsStream);
    return true;
  }

  async close(): Promise<void> {
    if (this.nc.isClosed()) return;
    await this.nc.drain().catch(() => this.nc.close());
  }

  private async followStatus() {
    try {
      for await (const status of this.nc.status()) {
        if (status.type === "disconnect") {
          this.connected = false;
          this.logger.warn("NATS disconnected", { server: status.server });
        } else if (status.type === "reconnect") {
          this.connected = true;
          this.logger.info("NATS reconnected", { server: status.server });
        }
      }
    } catch (error) {
      this.logger.error("NATS status stream ended", errorContext(error));
    }
  }
}
