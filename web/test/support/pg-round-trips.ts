import { connect, createServer, type Server, type Socket } from "node:net";

/** A TCP proxy in front of Postgres that counts the round trips its clients make. */
export interface PgRoundTripCounter {
  /** `databaseUrl` with the proxy's port: what the web under test connects to. */
  url: string;
  /** Round trips since the last reset: each extended-protocol Sync ('S') and each simple Query ('Q'). */
  count(): number;
  reset(): void;
  close(): Promise<void>;
}

/**
 * Counts statements on the wire (issue 16): node-postgres sends a parameterised query as
 * Parse/Bind/Describe/Execute/Sync and a text one as one Query, and waits for the answer before
 * the next on that connection, so each Sync or Query is one round trip. A connection's first
 * message (startup, untyped) is skipped; the web's test database needs no password or TLS.
 */
export async function pgRoundTripCounter(databaseUrl: string): Promise<PgRoundTripCounter> {
  const target = new URL(databaseUrl);
  let trips = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    let started = false;
    let pending = Buffer.alloc(0);
    client.on("data", (chunk: Buffer) => {
      upstream.write(chunk);
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const header = started ? 5 : 4;
        if (pending.length < header) break;
        const length = started ? pending.readInt32BE(1) + 1 : pending.readInt32BE(0);
        if (pending.length < length) break;
        if (started && (pending[0] === 0x53 || pending[0] === 0x51)) trips++;
        started = true;
        pending = pending.subarray(length);
      }
    });
    upstream.on("data", (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String(typeof address === "object" && address ? address.port : 0);
  return {
    url: url.toString(),
    count: () => trips,
    reset: () => {
      trips = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
