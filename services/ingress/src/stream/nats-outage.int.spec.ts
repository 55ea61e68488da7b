import { endpointOf, type TcpProxy, type TestNats, tcpProxy, testNats, viaProxy, waitFor } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventCount,
  type Ingress,
  inboundParams,
  postWebhook,
  startIngress,
  storedEvents,
} from "../test/ingress-harness.js";
import { EMPTY_TWIML } from "../webhook/twiml.js";

describe("when NATS is unreachable", () => {
  let nats: TestNats;
  let proxy: TcpProxy;
  let ingress: Ingress;
  beforeAll(async () => {
    nats = await testNats();
    proxy = await tcpProxy(endpointOf(nats.url, 4222));
    ingress = await startIngress(nats, { NATS_URL: viaProxy(nats.url, proxy), PUBLISH_TIMEOUT_MS: "300" });
  });
  afterAll(async () => {
    proxy?.restore();
    await ingress?.close();
    await proxy?.close();
    await nats?.cleanup();
  });

  it("answers 503 with Retry-After and appends nothing, then accepts the same webhook once NATS is back", async () => {
    const params = inboundParams();
    const before = await eventCount(nats);
    proxy.cut();
    const refused = await postWebhook(ingress, params);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("1");
    expect(await refused.text()).toMatch(/retry later/);
    const notReady = await fetch(`${ingress.baseUrl}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await eventCount(nats)).toBe(before);

    proxy.restore();
    await waitFor(async () => (await fetch(`${ingress.baseUrl}/readyz`)).status === 200, {
      timeoutMs: 15_000,
      what: "the ingress to be ready again",
    });
    const accepted = await postWebhook(ingress, params);
    expect(accepted.status).toBe(200);
    expect(await accepted.text()).toBe(EMPTY_TWIML);
    const stored = (await storedEvents(nats, ingress.keys)).filter(
      (s) => s.event.type === "InboundMessageReceived" && s.event.messageSid === params.MessageSid,
    );
    expect(stored).toHaveLength(1);
  });

  it("answers 503 when JetStream does not ack in time, and the retry lands exactly once", async () => {
    const params = inboundParams();
    const before = await eventCount(nats);
    proxy.delay(1500);
    try {
      const slow = await postWebhook(ingress, params);
      expect(slow.status).toBe(503);
    } finally {
      proxy.delay(0);
    }
    // The late publish is still stored once its bytes get through (the sender was told 503);
    // the retry must then be answered 200 without a second copy.
    await waitFor(async () => (await eventCount(nats)) === before + 1, {
      timeoutMs: 15_000,
      what: "the late publish to land",
    });
    await waitFor(async () => (await postWebhook(ingress, params)).status === 200, {
      timeoutMs: 15_000,
      what: "the retried webhook to be accepted",
    });
    expect(await eventCount(nats)).toBe(before + 1);
  });
});
