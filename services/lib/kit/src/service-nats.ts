import { type CloudpaNames, cloudpaNames } from "@cloudpa/contracts";
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { type KV, Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/transport-node";
import { checkStreams, MissingStreamsError } from "./check-streams.js";
import { dropsExpiringPulls } from "./live-pull.js";
import { errorContext, type Logger } from "./logger.js";
import { MediaStore } from "./media-store.js";
import { connectNats } from "./nats-connection.js";
import { readEventPartitions } from "./partitions-config.js";
import { isStreamNotFound } from "./streams.js";

/** What a process needs from its env to reach its namespace in NATS (every service env has both). */
export interface NatsEnv {
  NATS_URL: string;
  CLOUDPA_NAMESPACE: string;
}

export interface ServiceNatsOptions {
  /** The client name NATS shows for this connection (`cloudpa-ingress`, `projector-cli-status`). */
  clientName: string;
  /** Where disconnects and reconnects are logged; an operator command may leave them unlogged. */
  logger?: Logger;
}

/** A request that was waiting for its answer when the NATS connection dropped: the answer is lost. */
export class NatsDisconnectedError extends Error {
  override name = "NatsDisconnectedError";
  readonly code = "NATS.DISCONNECTED";
  constructor() {
    super("NATS disconnected while waiting for the answer");
  }
}

/** Whether this process has warned that its nats-server drops expiring pulls (said once). */
let warnedOfOldServer = false;

/**
 * A process's NATS connection, its namespace's names, and whether it is connected right now:
 * the one way every service (and operator command) holds NATS. Connecting checks that the
 * set-up step created the streams (`checkStreams`) and fails naming the missing ones, and reads
 * the partition count the set-up recorded, the one source of `names`' event subjects
 * (MissingPartitionsError when there is none; docs/decisions/019). While
 * disconnected, `isConnected()` is false at once: a service answers "not ready" and refuses
 * work it could not confirm instead of queueing it.
 */
export class ServiceNats {
  private connected = true;
  private closing: Promise<void> | undefined;
  private media: Promise<MediaStore> | undefined;
  /** Rejects each request `whileConnected` is waiting on, at the next disconnect. */
  private readonly onDisconnect = new Set<() => void>();

  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly names: CloudpaNames,
    private readonly logger: Logger | undefined,
  ) {
    void this.followStatus();
  }

  static async connect(env: NatsEnv, options: ServiceNatsOptions): Promise<ServiceNats> {
    const streamNames = cloudpaNames(env.CLOUDPA_NAMESPACE);
    const nc = await connectNats(env.NATS_URL, options.clientName);
    try {
      const jsm = await jetstreamManager(nc);
      await checkStreams(jsm, streamNames);
      const config = await openBucket(nc, jsm, streamNames.configBucket, streamNames.namespace);
      const partitions = await readEventPartitions(config, streamNames);
      const names = cloudpaNames(env.CLOUDPA_NAMESPACE, { partitions });
      if (options.logger && dropsExpiringPulls(nc.info?.version) && !warnedOfOldServer) {
        // Once a process: a service with two connections (the projector's leases have their own) said it twice.
        warnedOfOldServer = true;
        options.logger.warn(
          "this nats-server drops a pull that expires as a message arrives (fixed in 2.9.16): a consumer takes a new one within 3 s, so a message can wait that long; upgrade the server",
          { server: nc.getServer(), version: nc.info?.version },
        );
      }
      return new ServiceNats(nc, jetstream(nc), jsm, names, options.logger);
    } catch (error) {
      await nc.close();
      throw error;
    }
  }

  isConnected(): boolean {
    return this.connected && !this.nc.isClosed();
  }

  /** For `/readyz`: the EVENTS stream answers now. */
  async streamsPresent(): Promise<boolean> {
    // While disconnected the request would only wait for its timeout; readiness must answer fast.
    if (!this.isConnected()) return false;
    await this.jsm.streams.info(this.names.eventsStream);
    return true;
  }

  /** The EVENTS stream's last sequence (its head). */
  async streamLastSeq(): Promise<number> {
    const info = await this.jsm.streams.info(this.names.eventsStream);
    return info.state.last_seq;
  }

  /**
   * A KV bucket the set-up step created, bound as its stream is configured (direct gets when
   * the stream allows them, as creating it would have bound it). Never creates the bucket: a
   * missing one is a MissingStreamsError naming it and the command that creates it.
   */
  bucket(name: string): Promise<KV> {
    return openBucket(this.nc, this.jsm, name, this.names.namespace);
  }

  /** The media Object Store the set-up step created (decision 021), opened once. */
  mediaStore(): Promise<MediaStore> {
    this.media ??= MediaStore.open(this.nc, this.names);
    return this.media;
  }

  /**
   * The request's answer, or a NatsDisconnectedError as soon as the connection drops before it came:
   * a request in flight at a drop has lost its answer, and the library would wait for its timeout
   * (5 s). For work that must be tried again soon, not later (a lease's renewal, a consumer's bind).
   * The request may still have been applied by the server.
   */
  async whileConnected<T>(request: Promise<T>): Promise<T> {
    let dropped: () => void = () => undefined;
    try {
      return await Promise.race([
        request,
        new Promise<never>((_, reject) => {
          dropped = () => reject(new NatsDisconnectedError());
          this.onDisconnect.add(dropped);
        }),
      ]);
    } finally {
      this.onDisconnect.delete(dropped);
      // Settled late or never: nothing waits for it any more.
      request.catch(() => undefined);
    }
  }

  /** Drains (pending publishes and subscriptions finish), or closes if draining fails; safe to call twice. */
  close(): Promise<void> {
    if (this.nc.isClosed()) return Promise.resolve();
    this.closing ??= this.nc.drain().catch(() => this.nc.close());
    return this.closing;
  }

  private async followStatus() {
    try {
      for await (const status of this.nc.status()) {
        if (status.type === "disconnect") {
          this.connected = false;
          for (const dropped of this.onDisconnect) dropped();
          this.logger?.warn("NATS disconnected", { server: status.server });
        } else if (status.type === "reconnect") {
          this.connected = true;
          this.logger?.info("NATS reconnected", { server: status.server });
        }
      }
    } catch (error) {
      this.logger?.error("NATS status stream ended", errorContext(error));
    }
  }
}

async function openBucket(nc: NatsConnection, jsm: JetStreamManager, name: string, namespace: string): Promise<KV> {
  const stream = `KV_${name}`;
  const info = await jsm.streams.info(stream).catch((error: unknown) => {
    throw isStreamNotFound(error) ? new MissingStreamsError([stream], namespace) : error;
  });
  return new Kvm(nc).open(name, { allow_direct: info.config.allow_direct });
}
