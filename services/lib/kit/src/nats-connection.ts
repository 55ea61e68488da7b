import { connect, type NatsConnection } from "@nats-io/transport-node";

/** nats.js ignores credentials inside a server URL, so they are lifted into the options. */
export function natsServersOf(url: string): { servers: string[]; user?: string; pass?: string } {
  let user: string | undefined;
  let pass: string | undefined;
  const servers = url.split(",").map((server) => {
    const parsed = new URL(server.includes("://") ? server : `nats://${server}`);
    if (parsed.username) {
      user = decodeURIComponent(parsed.username);
      pass = decodeURIComponent(parsed.password);
    }
    return `${parsed.hostname.includes(":") ? `[${parsed.hostname}]` : parsed.hostname}:${parsed.port || 4222}`;
  });
  return { servers, ...(user !== undefined ? { user, pass: pass ?? "" } : {}) };
}

/**
 * Connects to NATS and keeps reconnecting for ever: a service outlives a NATS restart,
 * answering "not ready" meanwhile instead of exiting. Without async traces: with them nats.js
 * builds two Error objects (stacks captured) up front for every publish in case it fails,
 * 6-9 % of the ingress's CPU per webhook. A failed publish still carries its cause.
 */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  return connect({
    ...natsServersOf(url),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: false,
    noAsyncTraces: true,
  });
}
