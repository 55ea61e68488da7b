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
  const { servers, ...credentials } = natsServersOf(url);
  try {
    return await connect({
      servers,
      ...credentials,
      name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      waitOnFirstConnect: false,
      noAsyncTraces: true,
    });
  } catch (error) {
    // nats.js says only "timeout" when a server accepts the connection and never answers (frozen,
    // or not NATS): the operator needs to know which server that was.
    throw new Error(`NATS at ${servers.join(", ")}: ${(error as Error).message}`, { cause: error });
  }
}
