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

  it("holds back only the NATS connection named in delay(), and keeps its bytes in order when the delay ends", async () => {
    const { natsUrl } = await infrastructure();
    const slowProxy = await tcpProxy(endpointOf(natsUrl, 4222));
    const direct = await connect({ servers: natsUrl });
    const slow = await connect({ servers: viaProxy(natsUrl, slowProxy), name: "held-back" });
    const fast = await connect({ servers: viaProxy(natsUrl, slowProxy), name: "left-alone" });
    try {
      const subject = `proxy-order-${process.pid}-${Date.now()}`;
      const received: number[] = [];
      const subscription = direct.subscribe(subject, {
        callback: (_, msg) => {
          received.push(Number(msg.string()));
        },
      });
      await direct.flush();

      slowProxy.delay(1_500, { clientName: "held-back" });
      const answered: string[] = [];
      const slowStarted = performance.now();
      const slowFlush = slow.flush().then(() => answered.push("held-back"));
      await fast.flush().then(() => answered.push("left-alone"));
      await slowFlush;
      expect(answered).toEqual(["left-alone", "held-back"]);
      // Both ways held back: the round trip took twice the delay at least.
      expect(performance.now() - slowStarted).toBeGreaterThanOrEqual(3_000);

      slowProxy.delay(1_500, { clientName: "held-back" });
      for (let n = 0; n < 50; n++) slow.publish(subject, String(n));
      // At the proxy by now, held back; the next 50 are sent with no delay: after them all the same.
      await new Promise((resolve) => setTimeout(resolve, 300));
      slowProxy.delay(0);
      for (let n = 50; n < 100; n++) slow.publish(subject, String(n));
      await slow.flush();
      await direct.flush();
      const deadline = Date.now() + 10_000;
      while (received.length < 100 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(received).toEqual(Array.from({ length: 100 }, (_, n) => n));
      subscription.unsubscribe();
    } finally {
      await Promise.all([slow.close(), fast.close(), direct.close()]);
      await slowProxy.close();
    }
  });
});
