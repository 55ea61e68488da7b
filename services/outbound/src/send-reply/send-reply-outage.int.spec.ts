import { endpointOf, type TcpProxy, tcpProxy, viaProxy, waitFor } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OutboundFixture, outboundFixture } from "../testing/outbound-fixture.js";

/** NATS goes away under the outbound (through a proxy it can cut) and comes back. */
describe("outbound through a NATS outage", () => {
  const natsUrl = process.env.NATS_URL ?? "nats://127.0.0.1:4222";
  let proxy: TcpProxy;
  let fixture: OutboundFixture;
  beforeAll(async () => {
    proxy = await tcpProxy(endpointOf(natsUrl, 4222));
    fixture = await outboundFixture({ env: { NATS_URL: viaProxy(natsUrl, proxy) } });
  });
  afterAll(async () => {
    proxy?.restore();
    await fixture?.close();
    await proxy?.close();
  });

  it("answers not ready while NATS is frozen (its connection open, nothing answered), and ready once it answers", async () => {
    const readyz = () => fixture.outbound.app.inject({ method: "GET", url: "/readyz" });
    await waitFor(async () => (await readyz()).statusCode === 200, { what: "the outbound to be ready" });
    proxy.delay(10_000);
    try {
      const frozen = await readyz();
      expect(frozen.statusCode).toBe(503);
      expect(frozen.json()).toMatchObject({ checks: { nats: false } });
    } finally {
      proxy.delay(0);
    }
    // What the proxy held back is released at its time; the next probes answer once it was.
    await waitFor(async () => (await readyz()).statusCode === 200, { what: "readiness to return", timeoutMs: 30_000 });
  }, 60_000);

  it("answers not ready while NATS is unreachable, then sends a command published meanwhile once", async () => {
    const conversationId = await fixture.customerWrote("whatsapp:+15550004001", 1);
    proxy.cut();
    await waitFor(
      async () => (await fixture.outbound.app.inject({ method: "GET", url: "/readyz" })).statusCode === 503,
      {
        what: "readiness to drop",
      },
    );
    const command = fixture.sendReply(conversationId, "Sent after the outage");
    await fixture.publish(command);

    proxy.restore();
    const outcome = await fixture.outcomeOf(command);
    const sent = fixture.sim.sentMessages().filter((message) => message.body === "Sent after the outage");
    expect(sent).toHaveLength(1);
    expect(outcome).toMatchObject({ type: "ReplySent", messageSid: sent[0]?.sid });
    await waitFor(
      async () => (await fixture.outbound.app.inject({ method: "GET", url: "/readyz" })).statusCode === 200,
      {
        what: "readiness to return",
      },
    );
  });
});
