import {
  DEFAULT_ORG_ID,
  generateSigningKey,
  msgIdOf,
  parseSigningKey,
  signMessage,
  subjectOf,
} from "@cloudpa/contracts";
import { eventFactory } from "@cloudpa/read-model/testing";
import { jetstream } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readEventLog } from "../harness/event-log.js";
import { type FaultScenario, startScenario } from "../harness/fault-scenario.js";
import { readModelMatchesStream, withClient } from "../harness/invariants.js";

// Someone with publish rights on the stream but no producer key appends events: the projector
// must quarantine and count each one, and never project it.
describe("events appended by someone without a signing key", () => {
  let scenario: FaultScenario;
  const events = eventFactory(DEFAULT_ORG_ID);

  beforeAll(async () => {
    scenario = await startScenario({ services: ["projector"] });
  }, 180_000);
  afterAll(() => scenario?.stop());

  const publish = async (
    message: ReturnType<typeof events.inbound>,
    data: Uint8Array,
    header: Record<string, string>,
  ) => {
    const hdrs = natsHeaders();
    for (const [name, value] of Object.entries(header)) hdrs.set(name, value);
    return jetstream(scenario.nc).publish(subjectOf(scenario.names, message), data, {
      msgID: `${msgIdOf(message)}:${Math.random()}`,
      headers: hdrs,
    });
  };

  it("quarantines unsigned, unknown-key, wrong-producer, tampered and malformed events, and projects only the genuine one", async () => {
    const rogue = parseSigningKey(generateSigningKey("ingress", "ingress-test").signingKey);
    const forged = [
      (() => {
        const event = events.inbound(1, 1, 1, { body: "unsigned" });
        return publish(event, Buffer.from(JSON.stringify(event)), {});
      })(),
      (() => {
        // Same key id as the real ingress key, another private key.
        const event = events.inbound(2, 1, 2, { body: "rogue key" });
        const signed = signMessage(event, rogue);
        return publish(event, signed.data, signed.headers);
      })(),
      (() => {
        const event = events.inbound(3, 1, 3, { body: "signed by the web" });
        const signed = signMessage(event, scenario.keys.signing.web);
        return publish(event, signed.data, signed.headers);
      })(),
      (() => {
        const event = events.inbound(4, 1, 4, { body: "pay 10" });
        const signed = signMessage(event, scenario.keys.signing.ingress);
        const tampered = Buffer.from(Buffer.from(signed.data).toString("utf8").replace("pay 10", "pay 9999"));
        return publish(event, tampered, signed.headers);
      })(),
      (() => {
        const event = events.inbound(5, 1, 5);
        const signed = signMessage({ ...event, body: 42 } as unknown as typeof event, scenario.keys.signing.ingress);
        return publish(event, signed.data, signed.headers);
      })(),
    ];
    const forgedSeqs = (await Promise.all(forged)).map((ack) => ack.seq);
    const genuine = events.inbound(6, 2, 6, { body: "genuine" });
    const signed = signMessage(genuine, scenario.keys.signing.ingress);
    await publish(genuine, signed.data, signed.headers);

    const log = await readEventLog(scenario.nc, scenario.names, scenario.keys.keyring);
    expect(log.rejected.map((message) => message.seq)).toEqual(forgedSeqs);
    expect(await readModelMatchesStream(scenario.db.url, log)).toEqual([]);

    const bodies = await withClient(scenario.db.url, async (client) =>
      (await client.query<{ body: string }>("select body from readmodel.message")).rows.map((row) => row.body),
    );
    expect(bodies).toEqual(["genuine"]);
    const metrics = await (await fetch(`${scenario.service("projector").url}/metrics`)).text();
    const quarantined = [...metrics.matchAll(/^projector_events_quarantined_total(?:\{[^}]*\})? (\d+)/gm)].reduce(
      (sum, match) => sum + Number(match[1]),
      0,
    );
    expect(quarantined).toBe(5);
  });
});
