// The away message end to end (issue 15, docs/decisions/026): every service a real process,
// Twilio the simulator. A customer writes outside the freelancer's hours and the phone receives the
// away message once; a second message of the same evening, a SIGKILLed projector, outbound and web,
// Twilio delivering the same webhook again, the auto-replier's consumer replayed from the stream's
// first event, and that replay again with its ledger wiped (the command stored again, past
// JetStream's duplicate window) still leave exactly one away message at Twilio, shown in the
// conversation as the freelancer's reply marked automatic.

import { DEFAULT_AUTO_REPLY_SETTINGS, DEFAULT_ORG_ID, WEEKDAYS } from "@cloudpa/contracts";
import { waitFor, withClient } from "@cloudpa/testkit";
import { AckPolicy, DeliverPolicy, jetstreamManager } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FaultScenario, startScenario } from "../harness/fault-scenario.js";
import { inboundParams, postWebhook } from "../harness/twilio-webhook.js";

const CUSTOMER = "+447700900555";
const AWAY = "Thanks! I'm off for the day and will answer tomorrow morning.";
/** The web's auto-replier's durable consumer (web/app/auto-replies). */
const AUTO_REPLY_CONSUMER = "web-auto-replies";

describe("an off-hours message gets exactly one away reply", () => {
  let scenario: FaultScenario;

  beforeAll(async () => {
    // A one-second duplicate window: the replay without a ledger comes after it, so what stops a
    // second send there is the outbound finding the command's ReplySent, not JetStream.
    scenario = await startScenario({ services: ["ingress", "projector", "outbound", "web"], duplicateWindowMs: 1000 });
    // The env channel's org, with hours only on the day three days from today (UTC): now is off-hours.
    const openDay = WEEKDAYS[(new Date().getUTCDay() + 6 + 3) % 7] ?? "mon";
    const settings = {
      ...DEFAULT_AUTO_REPLY_SETTINGS,
      hours: Object.fromEntries(
        WEEKDAYS.map((day) => [day, day === openDay ? { start: "09:00", end: "17:00" } : null]),
      ),
      away: { enabled: true, text: AWAY },
    };
    await withClient(scenario.db.url, async (client) => {
      await client.query("INSERT INTO app.orgs (id, name) VALUES ($1, 'Ada') ON CONFLICT DO NOTHING", [DEFAULT_ORG_ID]);
      await client.query("INSERT INTO app.auto_reply_settings (org_id, settings) VALUES ($1, $2)", [
        DEFAULT_ORG_ID,
        JSON.stringify(settings),
      ]);
    });
  }, 240_000);

  afterAll(() => scenario?.stop());

  const awayRepliesAtTwilio = () =>
    scenario.sim.sentMessages().filter((message) => message.to === `whatsapp:${CUSTOMER}` && message.body === AWAY);

  /** The auto-replier has acked every event stored so far. */
  async function replierSettled(): Promise<void> {
    const jsm = await jetstreamManager(scenario.nc);
    const stored = (await jsm.streams.info(scenario.names.eventsStream)).state.last_seq;
    await waitFor(
      async () => {
        const info = await jsm.consumers.info(scenario.names.eventsStream, AUTO_REPLY_CONSUMER);
        return info.ack_floor.stream_seq >= stored && info.num_ack_pending === 0;
      },
      { timeoutMs: 20_000, what: "the auto-replier to handle every stored event" },
    );
  }

  /** With the web stopped, its consumer made again from the stream's first event (an operator's replay). */
  async function replayAutoReplies(): Promise<void> {
    const web = scenario.service("web");
    await web.stop();
    const jsm = await jetstreamManager(scenario.nc);
    await jsm.consumers.delete(scenario.names.eventsStream, AUTO_REPLY_CONSUMER);
    await jsm.consumers.add(scenario.names.eventsStream, {
      durable_name: AUTO_REPLY_CONSUMER,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: scenario.names.eventsSubjects,
      ack_wait: nanos(30_000),
      max_deliver: -1,
    });
    web.start();
    await web.ready();
    await replierSettled();
  }

  /** The outbound has nothing left to send: its consumer of COMMANDS is empty. */
  async function outboundSettled(): Promise<void> {
    const jsm = await jetstreamManager(scenario.nc);
    await waitFor(
      async () => {
        const info = await jsm.consumers.info(scenario.names.commandsStream, "outbound");
        return info.num_pending === 0 && info.num_ack_pending === 0;
      },
      { timeoutMs: 20_000, what: "the outbound to handle every command" },
    );
  }

  it("across a second message, restarts, a redelivered webhook and replays", async () => {
    const first = await scenario.sim.inbound({ from: CUSTOMER, profileName: "Grace", body: "Are you open today?" });
    expect(first.webhookStatus).toBe(200);
    await waitFor(() => awayRepliesAtTwilio().length === 1, { timeoutMs: 20_000, what: "the away message at Twilio" });

    // A second message of the same off-hours period.
    await scenario.sim.inbound({ from: CUSTOMER, profileName: "Grace", body: "Hello?" });
    await replierSettled();
    // Every service killed and started again.
    for (const name of ["projector", "outbound", "web"] as const) await scenario.service(name).restart("SIGKILL");
    // Twilio delivers the first webhook again (the ingress stores it once).
    const again = await postWebhook(
      scenario.ingressUrl,
      scenario.account.authToken,
      inboundParams(scenario.account.accountSid, { From: `whatsapp:${CUSTOMER}`, MessageSid: first.messageSid }),
    );
    expect(again.status).toBe(200);
    // The auto-replier's consumer replayed from the first event; then again with its ledger lost,
    // past JetStream's duplicate window, so the same command is stored again for the outbound.
    await replayAutoReplies();
    await withClient(scenario.db.url, (client) => client.query("DELETE FROM app.auto_replies_issued"));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await replayAutoReplies();
    await outboundSettled();

    expect(awayRepliesAtTwilio()).toHaveLength(1);
    // The replay without a ledger did issue the same command again, and JetStream stored it.
    const issued = scenario
      .logs()
      .filter((log) => log.service === "web" && log.line.includes("automatic reply issued"))
      .map((log) => JSON.parse(log.line) as { duplicate: boolean; commandId: string });
    expect(issued.map((line) => line.duplicate)).toEqual([false, false]);
    expect(new Set(issued.map((line) => line.commandId)).size).toBe(1);
    // In the conversation like any reply of the freelancer's, marked as automatic.
    const rows = await waitFor(
      () =>
        withClient(scenario.db.url, async (client) => {
          const result = await client.query<{ body: string; requested_by: string }>(
            "SELECT body, requested_by FROM readmodel.message WHERE direction = 'outbound' AND org_id = $1",
            [DEFAULT_ORG_ID],
          );
          return result.rows.length > 0 && result.rows;
        }),
      { timeoutMs: 20_000, what: "the away reply projected" },
    );
    expect(rows).toEqual([{ body: AWAY, requested_by: "auto-reply:away" }]);
  }, 180_000);
});
