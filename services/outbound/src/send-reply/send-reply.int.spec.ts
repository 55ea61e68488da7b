import { randomUUID } from "node:crypto";
import { credentialsKeySchema, sealSecret, twilioSignature, webhookPaths, webhookUrlsFor } from "@cloudpa/contracts";
import { appendSigned, ChannelRegistry } from "@cloudpa/kit";
import { waitFor } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lookupChannel } from "../channels/channel.js";
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  CHANNEL_NUMBER,
  type OutboundFixture,
  outboundFixture,
} from "../testing/outbound-fixture.js";
import { AttemptStore } from "./attempt-store.js";
import { COMMANDS_CONSUMER } from "./commands-consumer.js";
import { ConversationEvents } from "./conversation-events.js";

async function metricsText(fixture: OutboundFixture): Promise<string> {
  const response = await fixture.outbound.app.inject({ method: "GET", url: "/metrics" });
  return response.body;
}

function metricValue(text: string, name: string, labels: string): number {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${name}{`) && candidate.includes(labels));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

describe("outbound against the Twilio simulator", () => {
  let fixture: OutboundFixture;
  beforeAll(async () => {
    fixture = await outboundFixture();
  });
  afterAll(() => fixture?.close());

  it("sends a reply inside the window with the channel's credentials, From, To, Body and StatusCallback, and records the simulator's MessageSid", async () => {
    const customer = "whatsapp:+15550001001";
    const conversationId = await fixture.customerWrote(customer, 23);
    const command = fixture.sendReply(conversationId, "Yes, Friday at 10 works.");
    await fixture.publish(command);

    const outcome = await fixture.outcomeOf(command);
    const [sent, ...others] = fixture.sim.sentMessages();
    expect(others).toEqual([]);
    // The simulator accepts a create only with Basic auth of this account's SID and token.
    expect(sent).toMatchObject({
      accountSid: ACCOUNT_SID,
      from: CHANNEL_NUMBER,
      to: customer,
      body: "Yes, Friday at 10 works.",
      statusCallback: webhookUrlsFor(fixture.statusReceiver.url).statusCallback,
    });
    expect(outcome).toMatchObject({
      type: "ReplySent",
      commandId: command.commandId,
      conversationId,
      channelId: fixture.channelId,
      messageSid: sent?.sid,
      from: CHANNEL_NUMBER,
      to: customer,
      body: "Yes, Friday at 10 works.",
    });

    // The simulator then reports the message's progress to the status webhook, signed with the account's token.
    const callbacks = await waitFor(
      () => {
        const received = fixture.statusReceiver.received.filter((hook) => hook.params.MessageSid === sent?.sid);
        return received.some((hook) => hook.params.MessageStatus === "delivered") && received;
      },
      { what: "status callbacks up to delivered" },
    );
    for (const callback of callbacks) {
      expect(callback.path).toBe(webhookPaths().status);
      const signedUrl = `${fixture.statusReceiver.url}${webhookPaths().status}`;
      expect(callback.headers["x-twilio-signature"]).toBe(twilioSignature(AUTH_TOKEN, signedUrl, callback.params));
    }
  });

  it("appends ReplyFailed window_closed and calls nothing when the customer wrote more than 24 hours ago", async () => {
    const before = fixture.sim.sentMessages().length;
    const conversationId = await fixture.customerWrote("whatsapp:+15550001002", 25);
    const command = fixture.sendReply(conversationId, "Sorry for the late answer");
    await fixture.publish(command);

    expect(await fixture.outcomeOf(command)).toMatchObject({
      type: "ReplyFailed",
      reason: "window_closed",
      commandId: command.commandId,
      body: "Sorry for the late answer",
    });
    expect(fixture.sim.sentMessages()).toHaveLength(before);
  });

  it("appends ReplyFailed window_closed when the customer never wrote", async () => {
    const command = fixture.sendReply(randomUUID(), "Hello?");
    await fixture.publish(command);
    expect(await fixture.outcomeOf(command)).toMatchObject({ type: "ReplyFailed", reason: "window_closed" });
  });

  it("sends a reply when the conversation's last inbound event is forged, going by the last one that verifies", async () => {
    const customer = "whatsapp:+15550001031";
    const conversationId = await fixture.customerWrote(customer, 2);
    const { nats } = fixture;
    // The real inbound event again, appended without the ingress's signature: it fails verification.
    const command = fixture.sendReply(conversationId, "Yes, I can come on Tuesday.");
    const subject = nats.names.conversationEventSubject(command.orgId, conversationId, "inbound_received");
    const real = await nats.jsm.streams.getMessage(nats.names.eventsStream, { last_by_subj: subject });
    if (!real) throw new Error("the customer's inbound event is not in the stream");
    await nats.js.publish(subject, real.data);
    await fixture.publish(command);
    expect(await fixture.outcomeOf(command)).toMatchObject({ type: "ReplySent", body: "Yes, I can come on Tuesday." });
  });

  it("sends one message when the same command is published twice, inside and beyond JetStream's duplicate window", async () => {
    const conversationId = await fixture.customerWrote("whatsapp:+15550001003", 1);
    const command = fixture.sendReply(conversationId, "Only once, please");
    await fixture.publish(command);
    await fixture.publish(command);
    await fixture.outcomeOf(command);
    // A copy with another Nats-Msg-Id stands for a publish after the duplicate window has passed.
    await fixture.publish(command, `cmd:${command.commandId}:late-copy`);
    await waitFor(
      async () => {
        const info = await fixture.nats.jsm.consumers.info(fixture.nats.names.commandsStream, COMMANDS_CONSUMER);
        return info.num_pending === 0 && info.num_ack_pending === 0;
      },
      { what: "every copy of the command handled" },
    );

    expect(fixture.sim.sentMessages().filter((message) => message.body === "Only once, please")).toHaveLength(1);
    expect(await fixture.outcomesOf(command)).toHaveLength(1);
  });

  it("finds a command's outcome behind later replies of the same conversation and does not send it again", async () => {
    const conversationId = await fixture.customerWrote("whatsapp:+15550001010", 1);
    const first = fixture.sendReply(conversationId, "First answer");
    const second = fixture.sendReply(conversationId, "Second answer");
    await fixture.publish(first);
    await fixture.outcomeOf(first);
    await fixture.publish(second);
    await fixture.outcomeOf(second);
    // The first command again, as after the duplicate window: its outcome is no longer the conversation's last reply.
    await fixture.publish(first, `cmd:${first.commandId}:late-copy`);
    await waitFor(
      async () => {
        const info = await fixture.nats.jsm.consumers.info(fixture.nats.names.commandsStream, COMMANDS_CONSUMER);
        return info.num_pending === 0 && info.num_ack_pending === 0;
      },
      { what: "the late copy handled" },
    );

    expect(fixture.sim.sentMessages().filter((message) => message.body === "First answer")).toHaveLength(1);
    expect(await fixture.outcomesOf(first)).toHaveLength(1);
    // Read from the events alone, not from the outbound's own attempt record.
    const state = await fixture.outbound.app.get(ConversationEvents).stateFor(first);
    expect(state.settledCommands.has(first.commandId)).toBe(true);
  });

  it("retries a send the simulator answers with 429 and then 500, sends it once, and counts the retries", async () => {
    const retriesBefore = metricValue(
      await metricsText(fixture),
      "outbound_send_retries_total",
      'reason="unavailable"',
    );
    fixture.sim.configure({ failSends: [429, 500] });
    const conversationId = await fixture.customerWrote("whatsapp:+15550001004", 2);
    const command = fixture.sendReply(conversationId, "Third time lucky");
    await fixture.publish(command);

    const outcome = await fixture.outcomeOf(command);
    const sent = fixture.sim.sentMessages().filter((message) => message.body === "Third time lucky");
    expect(sent).toHaveLength(1);
    expect(outcome).toMatchObject({ type: "ReplySent", messageSid: sent[0]?.sid });
    const metrics = await metricsText(fixture);
    expect(metricValue(metrics, "outbound_send_retries_total", 'reason="unavailable"')).toBe(retriesBefore + 2);
    expect(metricValue(metrics, "outbound_sends_total", 'outcome="sent"')).toBeGreaterThanOrEqual(1);
    expect(metrics).toContain("outbound_twilio_request_seconds_bucket");
  });

  it("appends ReplyFailed retries_exhausted when the simulator keeps answering 503", async () => {
    fixture.sim.configure({ failSends: [503, 503, 503, 503, 503] });
    const conversationId = await fixture.customerWrote("whatsapp:+15550001005", 2);
    const command = fixture.sendReply(conversationId, "Never arrives");
    await fixture.publish(command);

    expect(await fixture.outcomeOf(command)).toMatchObject({ type: "ReplyFailed", reason: "retries_exhausted" });
    expect(fixture.sim.sentMessages().filter((message) => message.body === "Never arrives")).toHaveLength(0);
  });

  it("appends ReplyFailed twilio_error with Twilio's code and message when Twilio refuses the number", async () => {
    fixture.sim.configure({ failSends: [21211] });
    const customer = "whatsapp:+15550001006";
    const conversationId = await fixture.customerWrote(customer, 2);
    const command = fixture.sendReply(conversationId, "Bad number");
    await fixture.publish(command);

    expect(await fixture.outcomeOf(command)).toMatchObject({
      type: "ReplyFailed",
      reason: "twilio_error",
      errorCode: "21211",
      errorMessage: `Invalid 'To' Phone Number: ${customer}`,
    });
  });

  it("appends ReplyFailed channel_inactive and calls nothing when the channel is disconnected", async () => {
    const conversationId = await fixture.customerWrote("whatsapp:+15550001007", 1);
    await fixture.putChannel({ isActive: false });
    try {
      const before = fixture.sim.sentMessages().length;
      // The registry is watched: wait until this process has seen the change.
      await waitFor(() => {
        const lookup = lookupChannel(fixture.outbound.app.get(ChannelRegistry), CHANNEL_NUMBER);
        return lookup.kind === "found" && !lookup.channel.isActive;
      });
      const command = fixture.sendReply(conversationId, "Anyone there?");
      await fixture.publish(command);
      expect(await fixture.outcomeOf(command)).toMatchObject({ type: "ReplyFailed", reason: "channel_inactive" });
      expect(fixture.sim.sentMessages()).toHaveLength(before);
    } finally {
      await fixture.putChannel({ isActive: true });
      await waitFor(() => {
        const lookup = lookupChannel(fixture.outbound.app.get(ChannelRegistry), CHANNEL_NUMBER);
        return lookup.kind === "found" && lookup.channel.isActive;
      });
    }
  });

  it("appends ReplyFailed twilio_error 20003 when Twilio refuses the channel's credentials", async () => {
    const conversationId = await fixture.customerWrote("whatsapp:+15550001011", 1);
    const credentialsKey = credentialsKeySchema.parse(fixture.keys.env.CREDENTIALS_KEY);
    await fixture.putChannel({ authTokenSealed: sealSecret("not-the-token", credentialsKey, fixture.channelId) });
    try {
      await waitFor(() => {
        const lookup = lookupChannel(fixture.outbound.app.get(ChannelRegistry), CHANNEL_NUMBER);
        return lookup.kind === "found" && lookup.channel.authToken === "not-the-token";
      });
      const command = fixture.sendReply(conversationId, "Wrong token");
      await fixture.publish(command);
      expect(await fixture.outcomeOf(command)).toMatchObject({
        type: "ReplyFailed",
        reason: "twilio_error",
        errorCode: "20003",
      });
    } finally {
      await fixture.putChannel();
      await waitFor(() => {
        const lookup = lookupChannel(fixture.outbound.app.get(ChannelRegistry), CHANNEL_NUMBER);
        return lookup.kind === "found" && lookup.channel.authToken === AUTH_TOKEN;
      });
    }
  });

  it("does not send again when an earlier attempt has no outcome and Twilio has no such message: ReplyFailed outcome_unknown", async () => {
    const conversationId = await fixture.customerWrote("whatsapp:+15550001008", 1);
    const command = fixture.sendReply(conversationId, "Lost in a crash");
    // Another process started this send long ago and died before recording what Twilio answered.
    await fixture.outbound.app.get(AttemptStore).write(
      {
        commandId: command.commandId,
        orgId: command.orgId,
        conversationId,
        phase: "sending",
        attemptedAt: new Date(Date.now() - 60 * 60 * 1000).toISOString(),
        owner: "a-process-that-died",
        sends: 1,
      },
      undefined,
    );
    await fixture.publish(command);

    expect(await fixture.outcomeOf(command)).toMatchObject({ type: "ReplyFailed", reason: "outcome_unknown" });
    expect(fixture.sim.sentMessages().filter((message) => message.body === "Lost in a crash")).toHaveLength(0);
  });

  it("quarantines a command that is not signed by the web: terminated, counted, never sent", async () => {
    const conversationId = await fixture.customerWrote("whatsapp:+15550001009", 1);
    const command = fixture.sendReply(conversationId, "Forged");
    // Signed with the ingress's key, which may not sign SendReply.
    await appendSigned(fixture.nats.js, fixture.nats.names, command, fixture.keys.signing.ingress);

    await waitFor(
      async () =>
        metricValue(await metricsText(fixture), "outbound_commands_quarantined_total", "ENVELOPE.NOT_ALLOWED") === 1,
      { what: "the quarantine counter" },
    );
    await waitFor(async () => {
      const info = await fixture.nats.jsm.consumers.info(fixture.nats.names.commandsStream, COMMANDS_CONSUMER);
      return info.num_pending === 0 && info.num_ack_pending === 0;
    });
    expect(fixture.sim.sentMessages().filter((message) => message.body === "Forged")).toHaveLength(0);
    expect(await fixture.outcomesOf(command)).toEqual([]);
  });

  it("answers /healthz and /readyz", async () => {
    expect((await fixture.outbound.app.inject({ method: "GET", url: "/healthz" })).json()).toEqual({ status: "ok" });
    const ready = await fixture.outbound.app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: "ready", checks: { nats: true, channels: true, commands: true } });
  });
});
