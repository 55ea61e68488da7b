import { createServer } from "node:net";

/** A TCP port nobody listens on right now (the services take their port from env, so the harness picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== "object" || address === null) throw new Error("could not pick a free port");
  return address.port;
}
