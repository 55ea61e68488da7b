import { errorContext, type Logger } from "@cloudpa/kit";
import type { NatsConnection } from "@nats-io/transport-node";

/**
 * The web process's side of live updates: where each stream subscribes (the process's NATS
 * connection) and the projection position now. Notices are core NATS, so those published while
 * the connection was down are lost: after each reconnect the feed reads the position once and
 * hands it to every open stream, which tells its page whether it fell behind.
 */
export class LiveFeed {
  readonly nc: NatsConnection;
  /** Reads the projection position now. */
  readonly position: () => Promise<number>;
  private readonly logger: Logger;
  private readonly reconnectListeners = new Set<(position: number) => void>();

  constructor(nc: NatsConnection, position: () => Promise<number>, logger: Logger) {
    this.nc = nc;
    this.position = position;
    this.logger = logger;
  }

  /** Watches the connection's reconnects until it closes. */
  start(): void {
    void this.watchReconnects();
  }

  /** Open live streams: each listens for reconnects from its start to its end. */
  get openStreams(): number {
    return this.reconnectListeners.size;
  }

  /** Calls `listener` with the position after each reconnect; returns what stops it. */
  onReconnect(listener: (position: number) => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  private async watchReconnects(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === "reconnect") await this.announcePosition();
    }
  }

  private async announcePosition(): Promise<void> {
    for (let attempt = 0; !this.nc.isClosed(); attempt++) {
      try {
        // The client resubscribed on reconnect; once the server answers a flush it has every
        // subscription, so a notice committed after the read below reaches the streams.
        await this.nc.flush();
        const position = await this.position();
        for (const listener of this.reconnectListeners) listener(position);
        return;
      } catch (error) {
        this.logger.warn("live position after a NATS reconnect not read; retrying", {
          ...errorContext(error),
          attempt,
        });
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 200 * 2 ** attempt)));
      }
    }
  }
}
