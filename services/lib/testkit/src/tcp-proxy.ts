import { connect, createServer, type Server, type Socket } from "node:net";

export interface TcpProxy {
  /** host:port to give the client instead of the real server's. */
  host: string;
  port: number;
  /** Refuses new connections and resets open ones, as a network cut would. */
  cut(): void;
  /** Accepts connections again. */
  restore(): void;
  /**
   * Adds latency to every chunk in both directions (0 to stop); with `clientName`, only on the NATS
   * connections whose CONNECT gave that name. Bytes held back keep their order when it changes.
   */
  delay(ms: number, only?: { clientName: string }): void;
  /** Resolves when a NATS client of that name next sends its CONNECT through the proxy. */
  nextConnect(clientName: string): Promise<void>;
  /**
   * Keeps the next JetStream pull request any client sends (a publish to
   * `$JS.API.CONSUMER.MSG.NEXT.…`) from reaching the server, as a server that lost the pull would
   * have it: the client believes it waits. Resolves with the pull's subject once one was dropped.
   */
  dropNextPull(): Promise<string>;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a real server (NATS, Postgres) that a test can cut, restore or
 * slow down, without touching the machine's own server.
 */
export async function tcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let open = true;
  let latency: { ms: number; clientName?: string } = { ms: 0 };
  /** Told of the next pull dropped, while one is to be. */
  let pullDropped: ((subject: string) => void) | undefined;
  const sockets = new Set<Socket>();
  /** Who waits for the next CONNECT of each client name. */
  const connectWaiters = new Map<string, (() => void)[]>();
  const announce = (clientName: string) => {
    for (const resolve of connectWaiters.get(clientName) ?? []) resolve();
    connectWaiters.delete(clientName);
  };
  const forward = (onData: (listener: (chunk: Buffer) => void) => void, to: Socket, latencyMs: () => number) => {
    // Held back in arrival order, each released at its time or after the one before it.
    // Whenever some are held, one timer is set to release the first.
    const held: { at: number; chunk: Buffer }[] = [];
    const release = () => {
      while (held.length > 0 && (held[0]?.at ?? 0) <= Date.now()) {
        const next = held.shift();
        if (next && to.writable) to.write(next.chunk);
      }
      if (held.length > 0) setTimeout(release, (held[0]?.at ?? 0) - Date.now());
    };
    onData((chunk: Buffer) => {
      const ms = latencyMs();
      if (ms === 0 && held.length === 0) {
        to.write(chunk);
        return;
      }
      if (held.length === 0) setTimeout(release, ms);
      held.push({ at: Math.max(Date.now() + ms, held.at(-1)?.at ?? 0), chunk });
    });
  };
  /**
   * The client's bytes, less a pull to drop: while one is to be (or an operation is half read),
   * the NATS operations are read whole (a PUB or HPUB with its payload) and passed on, or not.
   */
  const withoutDroppedPulls =
    (client: Socket) =>
    (listener: (chunk: Buffer) => void): void => {
      let unread = Buffer.alloc(0);
      client.on("data", (chunk: Buffer) => {
        if (!pullDropped && unread.length === 0) return listener(chunk);
        unread = Buffer.concat([unread, chunk]);
        const passed: Buffer[] = [];
        for (;;) {
          const lineEnd = unread.indexOf("\r\n");
          if (lineEnd < 0) break;
          const words = unread.subarray(0, lineEnd).toString("latin1").split(" ");
          const [op, subject] = words;
          // A publish's line ends with its payload's size; the payload and its CRLF follow.
          const size = op === "PUB" || op === "HPUB" ? Number(words.at(-1)) + 2 : 0;
          const end = lineEnd + 2 + size;
          if (unread.length < end) break;
          const operation = unread.subarray(0, end);
          unread = unread.subarray(end);
          if (pullDropped && size > 0 && subject?.startsWith("$JS.API.CONSUMER.MSG.NEXT.")) {
            const told = pullDropped;
            pullDropped = undefined;
            told(subject);
          } else passed.push(operation);
        }
        if (passed.length > 0) listener(Buffer.concat(passed));
      });
    };
  const server: Server = createServer((client) => {
    if (!open) {
      client.resetAndDestroy();
      return;
    }
    // A NATS client names itself in the CONNECT it sends first (`"name":"cloudpa-projector"`).
    let clientName: string | undefined;
    let head = "";
    const readName = (chunk: Buffer) => {
      head += chunk.toString("latin1");
      const connectLine = /CONNECT (\{[^\r\n]*\})\r\n/.exec(head)?.[1];
      if (connectLine) {
        clientName = /"name":"([^"]*)"/.exec(connectLine)?.[1] ?? "";
        announce(clientName);
      }
      // Read until named, or until it is plain that this is no NATS client (Postgres).
      if (clientName !== undefined || head.length > 8192) client.off("data", readName);
    };
    client.on("data", readName);
    const latencyMs = () => (latency.clientName === undefined || latency.clientName === clientName ? latency.ms : 0);
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
    forward(withoutDroppedPulls(client), upstream, latencyMs);
    forward((listener) => upstream.on("data", listener), client, latencyMs);
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
    delay(ms, only) {
      latency = { ms, ...(only ? { clientName: only.clientName } : {}) };
    },
    nextConnect(clientName) {
      return new Promise((resolve) =>
        connectWaiters.set(clientName, [...(connectWaiters.get(clientName) ?? []), resolve]),
      );
    },
    dropNextPull() {
      return new Promise((resolve) => {
        pullDropped = resolve;
      });
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
