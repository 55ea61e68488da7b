import { connect, createServer, type Server, type Socket } from "node:net";

export interface TcpProxy {
  /** host:port to give the client instead of the real server's. */
  host: string;
  port: number;
  /** Refuses new connections and resets open ones, as a network cut would. */
  cut(): void;
  /** Accepts connections again. */
  restore(): void;
  /** Adds latency to every chunk in both directions (0 to stop). */
  delay(ms: number): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a real server (NATS, Postgres) that a test can cut, restore or
 * slow down, without touching the machine's own server.
 */
export async function tcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let open = true;
  let latencyMs = 0;
  const sockets = new Set<Socket>();
  const forward = (from: Socket, to: Socket) => {
    from.on("data", (chunk) => {
      if (latencyMs === 0) to.write(chunk);
      else setTimeout(() => to.writable && to.write(chunk), latencyMs);
    });
  };
  const server: Server = createServer((client) => {
    if (!open) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on("end", () => upstream.end());
    upstream.on("end", () => client.end());
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("proxy did not bind");
  return {
    host: "127.0.0.1",
    port: address.port,
    cut() {
      open = false;
      for (const socket of sockets) socket.resetAndDestroy();
    },
    restore() {
      open = true;
    },
    delay(ms) {
      latencyMs = ms;
    },
    async close() {
      open = false;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Parses host and port out of a nats:// or postgres:// URL. */
export function endpointOf(url: string, defaultPort: number): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || defaultPort) };
}

/** The same URL pointed at the proxy. */
export function viaProxy(url: string, proxy: TcpProxy): string {
  const parsed = new URL(url);
  parsed.hostname = proxy.host;
  parsed.port = String(proxy.port);
  return parsed.toString();
}
