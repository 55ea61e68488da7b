import { waitFor } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationOf, customers, customersWrite, freelancerReplies, outcomesOf } from "../harness/customer-load.js";
import { readEventLog } from "../harness/event-log.js";
import { type FaultScenario, startScenario } from "../harness/fault-scenario.js";
import { readModelMatchesStream, repliesMatchTwilio, webhooksStoredOnce } from "../harness/invariants.js";

describe("outbound SIGKILLed between Twilio's accepting a reply and the append of ReplySent", () => {
  let scenario: FaultScenario;

  beforeAll(async () => {
    // The shortest ack wait the outbound accepts (just over its 15 s Twilio timeout), not the minute
    // of production: the redelivery it brings is the same, sooner, and lands inside the dead
    // process's 25 s attempt lease, so the wait for that lease is crossed too.
    scenario = await startScenario({
      services: ["ingress", "projector", "outbound"],
      env: { outbound: { OUTBOUND_ACK_WAIT_MS: "16000" } },
    });
  }, 180_000);
  afterAll(() => scenario?.stop());

  it("sends each reply once and records it once, after the crash as before", async () => {
    const people = customers(5);
    const inbound = await customersWrite(scenario.sim, 10, { from: people, label: "hello" });
    expect(inbound.every((outcome) => outcome.webhookStatus === 200)).toBe(true);
    const conversations = people.map(conversationOf);

    // Twilio takes the messages at once but answers late: the outbound dies while waiting for the answer.
    scenario.sim.configure({ sendTimeoutMs: 3000 });
    const inDoubt = await freelancerReplies(scenario.nc, scenario.names, scenario.keys.signing.web, conversations, 3);
    await waitFor(() => scenario.sim.sentMessages().length >= inDoubt.length, {
      timeoutMs: 30_000,
      what: "Twilio to accept the replies",
    });
    const outbound = scenario.service("outbound");
    await outbound.kill("SIGKILL");
    scenario.sim.configure({ sendTimeoutMs: 0 });
    outbound.start();
    await outbound.ready();

    const after = await freelancerReplies(scenario.nc, scenario.names, scenario.keys.signing.web, conversations, 20);
    const readLog = () => readEventLog(scenario.nc, scenario.names, scenario.keys.keyring);
    // The killed process's commands come back after the consumer's ack wait, then the rest of the dead attempt's lease.
    await outcomesOf(readLog, [...inDoubt, ...after], 150_000);
    // Let the status callbacks of the last replies land before comparing the read model.
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const log = await readLog();
    expect(repliesMatchTwilio(log, scenario.sim)).toEqual([]);
    expect(scenario.sim.sentMessages()).toHaveLength(23);
    expect(webhooksStoredOnce(log, inbound)).toEqual([]);
    expect(await readModelMatchesStream(scenario.db.url, log)).toEqual([]);
    expect(outbound.unexpectedExits()).toEqual([]);
  }, 240_000);
});
