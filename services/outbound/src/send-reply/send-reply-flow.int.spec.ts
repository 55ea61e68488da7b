import { waitFor } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OutboundFixture, outboundFixture } from "../testing/outbound-fixture.js";
import type { OutboundMessage } from "./send-reply.decider.js";

/** How sends flow: bounded in flight by INGEST_CONCURRENCY, in request order within a conversation. */
describe("outbound send flow", () => {
  let fixture: OutboundFixture;
  let inFlight = 0;
  let mostInFlight = 0;
  const started: OutboundMessage[] = [];
  beforeAll(async () => {
    fixture = await outboundFixture({
      env: { INGEST_CONCURRENCY: "2" },
      gateway: (real) => ({
        lookup: (...args) => real.lookup(...args),
        async send(credentials, message, statusCallback) {
          inFlight += 1;
          mostInFlight = Math.max(mostInFlight, inFlight);
          started.push(message);
          try {
            // The first reply of a conversation is slow to leave: a later one must still wait for it.
            if (message.body === "first") await new Promise((resolve) => setTimeout(resolve, 300));
            return await real.send(credentials, message, statusCallback);
          } finally {
            inFlight -= 1;
          }
        },
      }),
    });
    // Each create is answered late, so sends overlap if the outbound lets them.
    fixture.sim.configure({ sendTimeoutMs: 150 });
  });
  afterAll(() => fixture?.close());

  it("keeps at most INGEST_CONCURRENCY sends in flight and sends every command once", async () => {
    const commands = [];
    for (let i = 0; i < 6; i += 1) {
      const conversationId = await fixture.customerWrote(`whatsapp:+1555000300${i}`, 1);
      commands.push(fixture.sendReply(conversationId, `Parallel reply ${i}`));
    }
    await Promise.all(commands.map((command) => fixture.publish(command)));
    await Promise.all(commands.map((command) => fixture.outcomeOf(command)));

    expect(mostInFlight).toBeLessThanOrEqual(2);
    const bodies = fixture.sim.sentMessages().map((message) => message.body);
    for (let i = 0; i < 6; i += 1) expect(bodies.filter((body) => body === `Parallel reply ${i}`)).toHaveLength(1);
  });

  it("sends the replies of one conversation in the order they were requested", async () => {
    const conversationId = await fixture.customerWrote("whatsapp:+15550003100", 1);
    const commands = ["first", "second", "third"].map((text) => fixture.sendReply(conversationId, text));
    for (const command of commands) await fixture.publish(command);
    await waitFor(
      async () => (await Promise.all(commands.map((c) => fixture.outcomesOf(c)))).every((o) => o.length === 1),
      {
        what: "three outcomes",
      },
    );

    const order = fixture.sim
      .sentMessages()
      .filter((message) => message.to === "whatsapp:+15550003100")
      .map((message) => message.body);
    expect(order).toEqual(["first", "second", "third"]);
  });
});
