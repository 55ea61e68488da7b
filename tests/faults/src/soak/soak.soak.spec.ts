import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SendReply } from "@cloudpa/contracts";
import { jetstreamManager } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  conversationOf,
  customers,
  freelancerReplies,
  type InboundOutcome,
  outcomesOf,
} from "../harness/customer-load.js";
import { eventsOfType, readEventLog } from "../harness/event-log.js";
import { type FaultScenario, startScenario } from "../harness/fault-scenario.js";
import { readModelMatchesStream, repliesMatchTwilio, webhooksStoredOnce, withClient } from "../harness/invariants.js";
import { REPO_ROOT } from "../harness/repo-root.js";

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const RATE = Number(process.env.SOAK_RATE ?? 10);
const REPLY_EVERY = 10;

type Fault = { name: string; run: (scenario: FaultScenario) => Promise<void> };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const FAULTS: Fault[] = [
  { name: "projector SIGKILL", run: (s) => s.service("projector").restart("SIGKILL") },
  { name: "outbound SIGKILL", run: (s) => s.service("outbound").restart("SIGKILL") },
  { name: "ingress SIGKILL", run: (s) => s.service("ingress").restart("SIGKILL") },
  {
    name: "NATS cut 2 s",
    run: async (s) => {
      s.natsProxy.cut();
      await sleep(2000);
      s.natsProxy.restore();
    },
  },
  {
    name: "Postgres cut 3 s",
    run: async (s) => {
      s.postgresProxy.cut();
      await sleep(3000);
      s.postgresProxy.restore();
    },
  },
  {
    name: "Postgres +50 ms for 5 s",
    run: async (s) => {
      s.postgresProxy.delay(50);
      await sleep(5000);
      s.postgresProxy.delay(0);
    },
  },
  {
    name: "Twilio 429/500/503",
    run: async (s) => {
      s.sim.configure({ failSends: [429, 500, 503] });
    },
  },
];

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

// `npm run test:soak` (CLOUDPA_SOAK=1): a steady rate of customer messages and replies for SOAK_MINUTES,
// with a fault every 15-30 s (each kind once per round, rounds shuffled), then the same invariants as the scenarios and a summary.
describe.skipIf(!process.env.CLOUDPA_SOAK)("soak: steady load with random faults", () => {
  let scenario: FaultScenario;

  beforeAll(async () => {
    scenario = await startScenario({
      services: ["ingress", "projector", "outbound"],
      env: { ingress: { PUBLISH_TIMEOUT_MS: "1000" } },
    });
  }, 180_000);
  afterAll(() => scenario?.stop());

  it(
    `keeps every message for ${MINUTES} minutes at ${RATE} messages/s`,
    async () => {
      const people = customers(50);
      const sentAt = new Map<string, number>();
      const projectedAt = new Map<string, number>();
      const outcomes: InboundOutcome[] = [];
      const inFlight = new Set<Promise<void>>();
      const commands: SendReply[] = [];
      const faults: Array<{ at: number; name: string }> = [];
      let maxLag = 0;
      const started = Date.now();
      const until = started + MINUTES * 60_000;

      // Projection latency: polled every 100 ms for the messages not seen projected yet.
      let polling = true;
      const poller = withClient(scenario.db.url, async (client) => {
        const jsm = await jetstreamManager(scenario.nc);
        let lastLagCheck = 0;
        while (polling) {
          const waiting = [...sentAt.keys()].filter((sid) => !projectedAt.has(sid));
          if (waiting.length > 0) {
            const rows = await client
              .query<{ provider_sid: string }>(
                "select provider_sid from readmodel.message where provider_sid = any($1)",
                [waiting],
              )
              .catch(() => ({ rows: [] as { provider_sid: string }[] }));
            const now = Date.now();
            for (const row of rows.rows) projectedAt.set(row.provider_sid, now);
          }
          if (Date.now() - lastLagCheck >= 1000) {
            lastLagCheck = Date.now();
            const last = (await jsm.streams.info(scenario.names.eventsStream)).state.last_seq;
            const checkpoint = Number(
              (
                await client
                  .query<{ seq: string | null }>(
                    "select max(last_seq)::text as seq from readmodel.projection_checkpoint",
                  )
                  .catch(() => ({ rows: [{ seq: null }] }))
              ).rows[0]?.seq ?? 0,
            );
            maxLag = Math.max(maxLag, last - checkpoint);
          }
          await sleep(100);
        }
      });

      const round: Fault[] = [];
      const faulting = (async () => {
        while (Date.now() < until - 20_000) {
          await sleep(15_000 + Math.random() * 15_000);
          // Every kind of fault comes up once per round, in a random order each round.
          if (round.length === 0) round.push(...[...FAULTS].sort(() => Math.random() - 0.5));
          const fault = round.shift() as Fault;
          faults.push({ at: Math.round((Date.now() - started) / 1000), name: fault.name });
          await fault.run(scenario);
        }
      })();

      let index = 0;
      while (Date.now() < until) {
        const due = started + (index * 1000) / RATE;
        if (due > Date.now()) await sleep(due - Date.now());
        const customer = people[index % people.length] as string;
        const body = `soak ${index}`;
        // The freelancer answers every tenth message once the customer's message is in (inside the 24-hour window).
        const answers = index % REPLY_EVERY === REPLY_EVERY - 1;
        const sending = scenario.sim
          .inbound({ from: customer, profileName: `Soak ${index % people.length}`, body })
          .then(async (result) => {
            outcomes.push({
              messageSid: result.messageSid,
              from: `whatsapp:${customer}`,
              body,
              webhookStatus: result.webhookStatus,
              attempts: result.attempts,
            });
            if (result.webhookStatus !== 200) return;
            sentAt.set(result.messageSid, Date.now());
            if (answers)
              commands.push(
                ...(await freelancerReplies(
                  scenario.nc,
                  scenario.names,
                  scenario.keys.signing.web,
                  [conversationOf(customer)],
                  1,
                ).catch(() => [])),
              );
          });
        const tracked = sending.finally(() => inFlight.delete(tracked));
        inFlight.add(tracked);
        index += 1;
      }
      await Promise.all(inFlight);
      await faulting;
      scenario.sim.configure({ failSends: [] });

      // Messages Twilio gave up on (NATS away through all its retries) are what reconcile is for.
      const reconcile = await scenario
        .service("ingress")
        .runCli("services/ingress/dist/cli.js", ["reconcile", "--since", "2h"]);
      const readLog = () => readEventLog(scenario.nc, scenario.names, scenario.keys.keyring);
      await outcomesOf(readLog, commands, 180_000);
      await sleep(2000);
      const log = await readLog();
      const storeViolations = webhooksStoredOnce(log, outcomes);
      const replyViolations = repliesMatchTwilio(log, scenario.sim);
      const readModelViolations = await readModelMatchesStream(scenario.db.url, log, 180_000);
      await sleep(500);
      polling = false;
      await poller;

      const projectedSids = await withClient(
        scenario.db.url,
        async (client) =>
          new Set(
            (
              await client.query<{ provider_sid: string }>(
                "select provider_sid from readmodel.message where direction = 'inbound'",
              )
            ).rows.map((row) => row.provider_sid),
          ),
      );
      const inboundInStream = eventsOfType(log, "InboundMessageReceived");
      const streamCounts = new Map<string, number>();
      for (const event of inboundInStream)
        streamCounts.set(event.messageSid, (streamCounts.get(event.messageSid) ?? 0) + 1);
      const latencies = [...projectedAt].map(([sid, at]) => at - (sentAt.get(sid) ?? at));
      const summary = {
        minutes: MINUTES,
        ratePerSecond: RATE,
        customerMessages: outcomes.length,
        answered200: outcomes.filter((outcome) => outcome.webhookStatus === 200).length,
        twilioGaveUp: outcomes.filter((outcome) => outcome.webhookStatus !== 200).length,
        recoveredByReconcile: reconcile.stdout.trim().split("\n").at(-1) ?? "",
        messagesIn: streamCounts.size,
        projected: outcomes.filter((outcome) => projectedSids.has(outcome.messageSid)).length,
        lost: outcomes.filter((outcome) => !projectedSids.has(outcome.messageSid)).length,
        duplicated:
          [...streamCounts.values()].filter((n) => n > 1).length +
          replyViolations.filter((line) => /twice|times to send|outcomes/.test(line)).length,
        replies: commands.length,
        repliesSentByTwilio: scenario.sim.sentMessages().length,
        repliesFailed: eventsOfType(log, "ReplyFailed").map((event) => event.reason),
        p50LatencyMs: percentile(latencies, 50),
        p99LatencyMs: percentile(latencies, 99),
        maxLagEvents: maxLag,
        faults,
        violations: [...storeViolations, ...replyViolations, ...readModelViolations].slice(0, 20),
      };
      const dir = join(REPO_ROOT, "tests/faults/test-results");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "soak-summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
      console.log(
        [
          "",
          `soak: ${MINUTES} min at ${RATE}/s, ${faults.length} faults (${faults.map((f) => `${f.at}s ${f.name}`).join(", ")})`,
          `  messages in ${summary.messagesIn} (webhooks answered 200: ${summary.answered200}, Twilio gave up: ${summary.twilioGaveUp}; ${summary.recoveredByReconcile})`,
          `  projected ${summary.projected}   lost ${summary.lost}   duplicated ${summary.duplicated}`,
          `  replies ${summary.replies} (Twilio sent ${summary.repliesSentByTwilio}, failed: ${summary.repliesFailed.join(", ") || "none"})`,
          `  projection latency p50 ${summary.p50LatencyMs} ms, p99 ${summary.p99LatencyMs} ms   max lag ${summary.maxLagEvents} events`,
          "",
        ].join("\n"),
      );

      expect(storeViolations).toEqual([]);
      expect(replyViolations).toEqual([]);
      expect(readModelViolations).toEqual([]);
      expect(summary.lost).toBe(0);
      expect(summary.duplicated).toBe(0);
    },
    (MINUTES * 60 + 600) * 1000,
  );
});
