import { errorContext, type Logger } from "@cloudpa/kit";
import type { NatsConnection } from "@nats-io/transport-node";

/**
 * The web process's side of live updates: where each stream subscribes (the process's NATS
 * connection) and the projection position now. Notices are core NATS, so those published while
 * the connection was down are lost: after each reconnect the feed reads the position of each
 * org with an open stream (its partition's checkpoint, docs/decisions/020) once and hands it to
 * that org's streams, which tell their pages whether they fell behind.
 */
export class LiveFeed {
  readonly nc: NatsConnection;
  /** Reads an org's projection position now. */
  readonly position: (orgId: string) => Promise<number>;
  private readonly logger: Logger;
  private readonly reconnectListeners = new Map<(position: number) => void, string>();

  constructor(nc: NatsConnection, position: (orgId: string) => Promise<number>, logger: Logger) {
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

  /** Calls `listener` with the org's position after each reconnect; returns what stops it. */
  onReconnect(orgId: string, listener: (position: number) => void): () => void {
    this.reconnectListeners.set(listener, orgId);
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
        const orgs = [...new Set(this.reconnectListeners.values())];
        const positions = new Map(
          await Promise.all(orgs.map(async (orgId) => [orgId, await this.position(orgId)] as const)),
        );
        for (const [listener, orgId] of this.reconnectListeners) {
          const position = positions.get(orgId);
          if (position !== undefined) listener(position);
        }
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
