import { waitFor } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationOf, customers, customersWrite, freelancerReplies, outcomesOf } from "../harness/customer-load.js";
import { eventsOfType, readEventLog } from "../harness/event-log.js";
import { type FaultScenario, startScenario } from "../harness/fault-scenario.js";
import { readModelMatchesStream, repliesMatchTwilio } from "../harness/invariants.js";

describe("Twilio (the simulator) failing with 429, 500, 503, refusals and timeouts", () => {
  let scenario: FaultScenario;
  let conversations: string[];

  beforeAll(async () => {
    scenario = await startScenario({ services: ["ingress", "projector", "outbound"] });
    const people = customers(4);
    const inbound = await customersWrite(scenario.sim, 4, { from: people, label: "hello" });
    expect(inbound.every((outcome) => outcome.webhookStatus === 200)).toBe(true);
    conversations = people.map(conversationOf);
  }, 180_000);
  afterAll(() => scenario?.stop());

  const readLog = () => readEventLog(scenario.nc, scenario.names, scenario.keys.keyring);

  it("retries 429/500/503 until Twilio takes each reply, and sends none twice", async () => {
    scenario.sim.configure({ failSends: [429, 500, 503, 429, 500, 503] });
    const commands = await freelancerReplies(scenario.nc, scenario.names, scenario.keys.signing.web, conversations, 12);
    const log = await outcomesOf(readLog, commands, 120_000);
    const sent = eventsOfType(log, "ReplySent").filter((event) =>
      commands.some((c) => c.commandId === event.commandId),
    );
    expect(sent).toHaveLength(12);
    expect(repliesMatchTwilio(log, scenario.sim)).toEqual([]);
  }, 150_000);

  it("records a refusal (21211) as ReplyFailed and never sends it", async () => {
    scenario.sim.configure({ failSends: [21211] });
    const [refused] = await freelancerReplies(scenario.nc, scenario.names, scenario.keys.signing.web, conversations, 1);
    const log = await outcomesOf(readLog, refused ? [refused] : [], 60_000);
    const failed = eventsOfType(log, "ReplyFailed").filter((event) => event.commandId === refused?.commandId);
    expect(failed).toHaveLength(1);
    expect(scenario.sim.sentMessages().some((message) => message.body === refused?.text)).toBe(false);
    expect(repliesMatchTwilio(log, scenario.sim)).toEqual([]);
  }, 90_000);

  it("looks up a reply whose answer timed out instead of sending it again", async () => {
    // Twilio takes the message, then answers after the outbound's 15 s timeout.
    scenario.sim.configure({ sendTimeoutMs: 17_000 });
    const [slow] = await freelancerReplies(scenario.nc, scenario.names, scenario.keys.signing.web, conversations, 1);
    await waitFor(() => scenario.sim.sentMessages().some((message) => message.body === slow?.text), {
      timeoutMs: 20_000,
      what: "Twilio to accept the slow reply",
    });
    scenario.sim.configure({ sendTimeoutMs: 0 });
    const log = await outcomesOf(readLog, slow ? [slow] : [], 90_000);
    expect(scenario.sim.sentMessages().filter((message) => message.body === slow?.text)).toHaveLength(1);
    expect(repliesMatchTwilio(log, scenario.sim)).toEqual([]);
  }, 120_000);

  it("leaves a read model equal to the fold of the stream", async () => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const log = await readLog();
    expect(await readModelMatchesStream(scenario.db.url, log)).toEqual([]);
    expect(scenario.service("outbound").unexpectedExits()).toEqual([]);
  });
});
