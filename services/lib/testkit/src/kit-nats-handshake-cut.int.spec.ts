// A reconnect cut between the server's INFO and its PONG (docs/decisions/043): nats.js waited for
// that PONG until its connect timeout (20 s), so a service stayed disconnected that long after two
// network drops in quick succession. With our patch the cut fails the dial and the next one is made.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ProxiedServiceNats, proxiedServiceNats } from "./proxied-service-nats.js";
import { waitFor } from "./wait-for.js";

const clientName = "handshake-cut-test";

describe("a connection cut during its reconnect's handshake", () => {
  let connection: ProxiedServiceNats;
  beforeAll(async () => {
    connection = await proxiedServiceNats(clientName);
  });
  afterAll(() => connection?.close());

  it("dials again at once instead of waiting out the connect timeout", async () => {
    const { proxy, service } = connection;
    // A second each way: the server's PONG reaches the client at least 2 s after the client's CONNECT.
    proxy.delay(1_000);
    const connecting = proxy.nextConnect(clientName);
    proxy.cut();
    proxy.restore();
    // The client has the server's INFO, has sent CONNECT and PING, and waits for the PONG.
    await connecting;
    expect(service.isConnected()).toBe(false);
    proxy.delay(0);
    proxy.cut();
    proxy.restore();

    // The next dial needs a few milliseconds; the connect timeout it used to wait for is 20 s.
    await waitFor(() => service.isConnected(), { timeoutMs: 5_000, what: "the connection to be back" });
    await expect(service.nc.rtt()).resolves.toBeGreaterThanOrEqual(0);
  });
});
