import { connect } from "@nats-io/transport-node";
import { afterAll, describe, expect, it } from "vitest";
import { infrastructure } from "./infrastructure.js";
import { endpointOf, type TcpProxy, tcpProxy, viaProxy } from "./tcp-proxy.js";

describe("tcp proxy", () => {
  let proxy: TcpProxy | undefined;
  afterAll(() => proxy?.close());

  it("carries NATS traffic, refuses it while cut, and carries it again once restored", async () => {
    const { natsUrl } = await infrastructure();
    proxy = await tcpProxy(endpointOf(natsUrl, 4222));
    const nc = await connect({ servers: viaProxy(natsUrl, proxy), reconnectTimeWait: 50, maxReconnectAttempts: -1 });
    await expect(nc.flush()).resolves.toBeUndefined();

    proxy.cut();
    await expect(nc.request("nobody.listens", undefined, { timeout: 300 })).rejects.toThrow();

    proxy.restore();
    const deadline = Date.now() + 5000;
    while (nc.isClosed() === false && Date.now() < deadline) {
      try {
        await nc.flush();
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    await expect(nc.flush()).resolves.toBeUndefined();
    await nc.close();
  });
});
