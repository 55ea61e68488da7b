import { waitFor } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationOf, customers, customersWrite, freelancerReplies, outcomesOf } from "../harness/customer-load.js";
import { eventsOfType, readEventLog } from "../harness/event-log.js";
import { type FaultScenario, startScenario } from "../harness/fault-scenario.js";
import { readModelMatchesStream, repliesMatchTwilio, withClient } from "../harness/invariants.js";

describe("status callbacks shuffled, duplicated, late, and before the reply's ReplySent", () => {
  let scenario: FaultScenario;
  let conversations: string[];

  beforeAll(async () => {
    scenario = await startScenario({ services: ["ingress", "projector", "outbound"] });
    const people = customers(5);
    await customersWrite(scenario.sim, 5, { from: people, label: "hello" });
    conversations = people.map(conversationOf);
  }, 180_000);
  afterAll(() => scenario?.stop());

  const readLog = () => readEventLog(scenario.nc, scenario.names, scenario.keys.keyring);

  /** Waits until the simulator has played every callback of these messages (four each on WhatsApp). */
  const callbacksPlayed = (sids: string[], perMessage: number) =>
    waitFor(
      () => {
        const reports = scenario.sim.statusCallbacks().filter((report) => sids.includes(report.messageSid));
        return reports.length >= sids.length * perMessage ? reports : undefined;
      },
      { timeoutMs: 60_000, what: "every status callback" },
    );

  it.each([
    ["shuffled", "shuffle", 4],
    ["duplicated", "duplicate", 8],
    ["late", "delay", 4],
  ] as const)(
    "ends each reply at its true final status when callbacks come %s",
    async (_how, statusMode, perMessage) => {
      // Twilio answers the create late, so most callbacks reach the ingress before ReplySent is appended.
      scenario.sim.configure({ statusMode, lateStatusMs: 300, sendTimeoutMs: 400 });
      const commands = await freelancerReplies(
        scenario.nc,
        scenario.names,
        scenario.keys.signing.web,
        conversations,
        15,
      );
      const settled = await outcomesOf(readLog, commands, 60_000);
      const sids = eventsOfType(settled, "ReplySent")
        .filter((event) => commands.some((command) => command.commandId === event.commandId))
        .map((event) => event.messageSid);
      expect(sids).toHaveLength(15);
      const reports = await callbacksPlayed(sids, perMessage);
      expect(reports.every((report) => report.delivery.status === 200)).toBe(true);

      const log = await readLog();
      const replySeq = new Map(
        log.events
          .filter((entry) => entry.event.type === "ReplySent")
          .map((entry) => [(entry.event as { messageSid: string }).messageSid, entry.seq]),
      );
      const early = log.events.filter(
        (entry) =>
          entry.event.type === "MessageStatusUpdated" &&
          sids.includes(entry.event.messageSid) &&
          entry.seq < (replySeq.get(entry.event.messageSid) ?? 0),
      );
      // The scenario really plays callbacks ahead of the reply they report on.
      expect(early.length).toBeGreaterThan(0);
      expect(repliesMatchTwilio(log, scenario.sim)).toEqual([]);
      expect(await readModelMatchesStream(scenario.db.url, log)).toEqual([]);
      // Every reply ends "read" (WhatsApp's last status) whatever order the callbacks came in.
      const statuses = await withClient(scenario.db.url, async (client) =>
        (
          await client.query<{ status: string }>("select status from readmodel.message where provider_sid = any($1)", [
            sids,
          ])
        ).rows.map((row) => row.status),
      );
      expect(statuses).toEqual(sids.map(() => "read"));
    },
    120_000,
  );

  it("drops a callback repeated within the duplicate window to one event", async () => {
    const log = await readLog();
    const keys = eventsOfType(log, "MessageStatusUpdated").map((event) => `${event.messageSid}:${event.status}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
