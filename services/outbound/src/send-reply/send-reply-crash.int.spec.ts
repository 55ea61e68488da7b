import { ServiceNats } from "@cloudpa/kit";
import { waitFor } from "@cloudpa/testkit";
import { afterEach, describe, expect, it } from "vitest";
import { createOutboundApp } from "../outbound-app.js";
import { type OutboundFixture, outboundFixture } from "../testing/outbound-fixture.js";

/**
 * A crash between Twilio's answer and the outcome's append: the command is redelivered and
 * must not reach Twilio a second time.
 */
describe("outbound after a crash mid-send", () => {
  let fixture: OutboundFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  it("sends exactly one message when the process dies right after Twilio accepted it, and records ReplySent from a lookup", async () => {
    let crashes = 1;
    fixture = await outboundFixture({
      gateway: (real) => ({
        lookup: (...args) => real.lookup(...args),
        async send(...args) {
          const answer = await real.send(...args);
          if (crashes-- > 0) throw new Error("the process died after Twilio's answer, before recording it");
          return answer;
        },
      }),
    });
    const conversationId = await fixture.customerWrote("whatsapp:+15550002001", 3);
    const command = fixture.sendReply(conversationId, "Sent before the crash");
    await fixture.publish(command);

    const outcome = await fixture.outcomeOf(command);
    const sent = fixture.sim.sentMessages();
    expect(sent).toHaveLength(1);
    expect(outcome).toMatchObject({ type: "ReplySent", commandId: command.commandId, messageSid: sent[0]?.sid });
    expect(await fixture.outcomesOf(command)).toHaveLength(1);
  });

  it("sends exactly one message when appending ReplySent fails after the call", async () => {
    let failures = 1;
    fixture = await outboundFixture({
      appender: (real) => ({
        async append(event) {
          if (event.type === "ReplySent" && failures-- > 0) throw new Error("NATS went away mid-append");
          return real.append(event);
        },
      }),
    });
    const conversationId = await fixture.customerWrote("whatsapp:+15550002002", 3);
    const command = fixture.sendReply(conversationId, "Appended on the second try");
    await fixture.publish(command);

    const outcome = await fixture.outcomeOf(command);
    const sent = fixture.sim.sentMessages();
    expect(sent).toHaveLength(1);
    expect(outcome).toMatchObject({ type: "ReplySent", messageSid: sent[0]?.sid });
  });

  it("sends exactly one message when Twilio answers too late, finding the message by a lookup", async () => {
    fixture = await outboundFixture({ settings: { twilioTimeoutMs: 300 } });
    fixture.sim.configure({ sendTimeoutMs: 1000 });
    const conversationId = await fixture.customerWrote("whatsapp:+15550002003", 3);
    const command = fixture.sendReply(conversationId, "Slow Twilio");
    await fixture.publish(command);

    const outcome = await fixture.outcomeOf(command);
    const sent = fixture.sim.sentMessages();
    expect(sent).toHaveLength(1);
    expect(outcome).toMatchObject({ type: "ReplySent", messageSid: sent[0]?.sid });
  });

  it("sends once across two outbound processes after the first died mid-send", async () => {
    fixture = await outboundFixture({
      settings: { attemptLeaseMs: 200, twilioTimeoutMs: 500 },
      gateway: (real) => ({
        lookup: (...args) => real.lookup(...args),
        async send(...args) {
          await real.send(...args);
          // Stands for a process killed between the call and anything after it: it never answers.
          return new Promise(() => {});
        },
      }),
    });
    const conversationId = await fixture.customerWrote("whatsapp:+15550002004", 3);
    const command = fixture.sendReply(conversationId, "Survives a kill");
    await fixture.publish(command);
    await waitFor(() => fixture?.sim.sentMessages().length === 1, { what: "the first process's send" });
    // The first process is killed: it never talks to NATS again.
    await fixture.outbound.app.get(ServiceNats).nc.close();

    // A second process takes over the same consumer once the first one's delivery times out.
    const second = await createOutboundApp(fixture.outbound.env, {
      logger: fixture.outbound.logger,
      settings: { retryBaseDelayMs: 50, failureRetryDelayMs: 100, attemptLeaseMs: 200 },
    });
    try {
      // Redeliver now rather than after the ack wait: the first process is gone for good.
      await fixture.nats.jsm.consumers.update(fixture.nats.names.commandsStream, "outbound", {
        ack_wait: 1_000_000_000,
      });
      const outcome = await fixture.outcomeOf(command);
      expect(fixture.sim.sentMessages()).toHaveLength(1);
      expect(outcome).toMatchObject({ type: "ReplySent", messageSid: fixture.sim.sentMessages()[0]?.sid });
    } finally {
      await second.close();
    }
  });
});
