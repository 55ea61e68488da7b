import { connect, type NatsConnection } from "@nats-io/transport-node";

/**
 * Connects to NATS and keeps reconnecting for ever: a service outlives a NATS restart,
 * answering "not ready" meanwhile instead of exiting.
 */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({
    servers: url.split(","),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: false,
  });
}
