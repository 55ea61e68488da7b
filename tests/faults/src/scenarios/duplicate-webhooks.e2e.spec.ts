import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inPool } from "../harness/customer-load.js";
import { eventsOfType, readEventLog } from "../harness/event-log.js";
import { type FaultScenario, startScenario } from "../harness/fault-scenario.js";
import { readModelMatchesStream, withClient } from "../harness/invariants.js";
import { inboundParams, postWebhook } from "../harness/twilio-webhook.js";

// A namespace whose streams drop repeats for one second only, so "beyond the window" takes seconds.
const WINDOW_MS = 1000;

describe("duplicate webhooks within and beyond JetStream's duplicate window", () => {
  let scenario: FaultScenario;

  beforeAll(async () => {
    scenario = await startScenario({ services: ["ingress", "projector"], duplicateWindowMs: WINDOW_MS });
  }, 180_000);
  afterAll(() => scenario?.stop());

  const post = (params: Record<string, string>) => postWebhook(scenario.ingressUrl, scenario.account.authToken, params);
  const readLog = () => readEventLog(scenario.nc, scenario.names, scenario.keys.keyring);
  const rowsPerSid = (sids: string[]) =>
    withClient(scenario.db.url, async (client) => {
      const result = await client.query<{ provider_sid: string; n: string }>(
        "select provider_sid, count(*)::text as n from readmodel.message where provider_sid = any($1) group by provider_sid",
        [sids],
      );
      return new Map(result.rows.map((row) => [row.provider_sid, Number(row.n)]));
    });

  it("stores a webhook repeated within the window once", async () => {
    const messages = Array.from({ length: 40 }, () => inboundParams(scenario.account.accountSid));
    const answers = await inPool(
      messages.flatMap((message) => [message, message, message]),
      12,
      (message) => post(message),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const log = await readLog();
    const sids = messages.map((message) => message.MessageSid as string);
    const stored = eventsOfType(log, "InboundMessageReceived").filter((event) => sids.includes(event.messageSid));
    expect(stored).toHaveLength(40);
    expect(await readModelMatchesStream(scenario.db.url, log)).toEqual([]);
    expect([...(await rowsPerSid(sids)).values()]).toEqual(sids.map(() => 1));
  });

  it("shows a webhook repeated beyond the window once in the inbox, though the stream holds it twice", async () => {
    const messages = Array.from({ length: 40 }, (_, index) =>
      inboundParams(scenario.account.accountSid, { Body: `late retry ${index}` }),
    );
    expect((await inPool(messages, 8, post)).every((answer) => answer.status === 200)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS * 2));
    expect((await inPool(messages, 8, post)).every((answer) => answer.status === 200)).toBe(true);

    const log = await readLog();
    const sids = messages.map((message) => message.MessageSid as string);
    const stored = eventsOfType(log, "InboundMessageReceived").filter((event) => sids.includes(event.messageSid));
    // JetStream cannot drop these: the projector's idempotence is what keeps the inbox right.
    expect(stored.length).toBeGreaterThanOrEqual(40);
    expect(await readModelMatchesStream(scenario.db.url, log)).toEqual([]);
    expect([...(await rowsPerSid(sids)).values()]).toEqual(sids.map(() => 1));
    const unread = await withClient(scenario.db.url, async (client) =>
      Number(
        (await client.query<{ n: string }>("select sum(unread_count)::text as n from readmodel.conversation")).rows[0]
          ?.n,
      ),
    );
    // Unread counts count messages, not deliveries: 40 + 40 distinct messages from one customer.
    expect(unread).toBe(80);
  });
});
