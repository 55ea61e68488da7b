// One customer message and the freelancer's reply are one trace, followed from Twilio's webhook
// through the stream, the projector and its live notice, the reply command, the outbound's Twilio
// call and Twilio's status callbacks. Every service runs as a process with tracing on
// (OTEL_EXPORTER_OTLP_ENDPOINT), exporting to a stand-in collector the test reads.

import { channelIdFor, conversationIdFor, DEFAULT_ORG_ID, type SendReply } from "@cloudpa/contracts";
import { appendSigned, extractTraceContext, headerLookupOf, startTracing } from "@cloudpa/kit";
import { waitFor } from "@cloudpa/testkit";
import { jetstream } from "@nats-io/jetstream";
import type { Msg } from "@nats-io/transport-node";
import { context, ROOT_CONTEXT } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNEL_NUMBER, type FaultScenario, startScenario } from "../harness/fault-scenario.js";
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from "../harness/otlp-receiver.js";

const CUSTOMER = "+447700900321";
const SERVER = 2;
const CLIENT = 3;

describe("traces: one customer message and its reply", () => {
  let receiver: OtlpReceiver;
  let scenario: FaultScenario;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    // Exported every 100 ms instead of 5 s, so the test does not wait on the batch processor.
    const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: "100" };
    scenario = await startScenario({
      services: ["ingress", "projector", "outbound"],
      env: { ingress: tracing, projector: tracing, outbound: tracing },
    });
  }, 240_000);
  afterAll(async () => {
    await scenario?.stop();
    await receiver?.close();
  });

  /** The projector's notice for the customer's conversation, as the web's /live receives it. */
  async function noticeFor(conversationId: string, notices: AsyncIterable<Msg>): Promise<Msg> {
    for await (const notice of notices) {
      if ((notice.json() as { conversationIds: string[] }).conversationIds.includes(conversationId)) return notice;
    }
    throw new Error("the notices ended before the conversation's");
  }

  it("follows the message from Twilio's webhook to the inbox, and the reply to its status callbacks, as one trace", async () => {
    const conversationId = conversationIdFor(channelIdFor(DEFAULT_ORG_ID, CHANNEL_NUMBER), `whatsapp:${CUSTOMER}`);
    const notices = scenario.nc.subscribe(scenario.names.liveSubject(DEFAULT_ORG_ID), { timeout: 30_000 });
    const { messageSid } = await scenario.sim.inbound({ from: CUSTOMER, profileName: "Ada", body: "Is Tuesday free?" });
    const notice = await noticeFor(conversationId, notices);
    notices.unsubscribe();
    expect(notice.headers?.get("traceparent")).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    // The reply, appended as the web's reply action appends it, by a client that answers the notice
    // in its trace (the web's own process is not part of this scenario).
    const web = await startTracing("web", { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint }, { instrument: false });
    const commandId = crypto.randomUUID();
    const command: SendReply = {
      type: "SendReply",
      version: 1,
      commandId,
      orgId: DEFAULT_ORG_ID,
      conversationId,
      text: "Tuesday works, 10:00?",
      requestedBy: "traces-test",
      requestedAt: new Date().toISOString(),
    };
    await context.with(extractTraceContext(headerLookupOf(notice.headers), ROOT_CONTEXT), () =>
      appendSigned(jetstream(scenario.nc), scenario.names, command, scenario.keys.signing.web),
    );
    await web?.shutdown();

    // Each process exports its spans in batches of its own (every few seconds), so the projector's
    // last spans can arrive before the ingress's: wait for every service's part, and for the
    // request spans above each webhook span (they end after it, and may come in a later batch).
    const rootReached = (all: ReceivedSpan[], from: ReceivedSpan | undefined): boolean => {
      const ids = new Map(all.map((span) => [span.spanId, span]));
      let span = from;
      while (span?.parentSpanId) span = ids.get(span.parentSpanId);
      return span !== undefined;
    };
    const spans = await waitFor(
      () => {
        const all = receiver.spans();
        // A status callback may well be projected before the ReplySent it reports on.
        const needed = [
          "webhook inbound",
          "webhook status",
          "append MessageStatusUpdated",
          "handle SendReply",
          "twilio create message",
          "project ReplySent",
          "project MessageStatusUpdated",
        ];
        if (!needed.every((name) => all.some((span) => span.name === name))) return undefined;
        const inbound = all.find((span) => span.name === "webhook inbound");
        const callback = all.find((span) => span.name === "webhook status");
        const linked = all.find((span) => span.spanId === callback?.links[0]?.spanId);
        return rootReached(all, inbound) && rootReached(all, linked) ? all : undefined;
      },
      { timeoutMs: 60_000, what: "the reply's and its status callback's events projected, in the exported spans" },
    );
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const childOf = (parent: ReceivedSpan, name: string, service: string): ReceivedSpan => {
      const child = spans.find((span) => span.parentSpanId === parent.spanId && span.name === name);
      expect(child, `${name} under ${parent.name}`).toBeDefined();
      expect(child?.service).toBe(service);
      return child as ReceivedSpan;
    };
    const ancestorsOf = (span: ReceivedSpan): ReceivedSpan[] => {
      const parent = byId.get(span.parentSpanId);
      return parent ? [parent, ...ancestorsOf(parent)] : [];
    };

    // Ingress: the HTTP request (instrumented), then the webhook's handling, then the append.
    const webhook = spans.find(
      (span) => span.name === "webhook inbound" && span.attributes["cloudpa.message_sid"] === messageSid,
    ) as ReceivedSpan;
    expect(webhook).toBeDefined();
    const root = ancestorsOf(webhook).at(-1);
    expect(root).toMatchObject({ service: "ingress", kind: SERVER, parentSpanId: "" });
    const traceId = webhook.traceId;
    const appended = childOf(webhook, "append InboundMessageReceived", "ingress");

    // Projector: the event's span is a child of its append, the batch is linked to it and runs the SQL.
    const projected = childOf(appended, "project InboundMessageReceived", "projector");
    const batch = spans.find(
      (span) => span.name === "projector batch" && span.links.some((link) => link.spanId === appended.spanId),
    );
    expect(batch).toBeDefined();
    expect(projected.links).toContainEqual({ traceId: batch?.traceId, spanId: batch?.spanId });
    expect(
      spans.some((span) => span.parentSpanId === batch?.spanId && span.attributes["db.system.name"] === "postgresql"),
    ).toBe(true);
    const live = childOf(projected, "live notice", "projector");
    expect(notice.headers?.get("traceparent")).toBe(`00-${traceId}-${live.spanId}-01`);

    // The reply: its command's append continues the notice's trace; the outbound picks it up.
    const replied = childOf(live, "append SendReply", "web");
    const handled = childOf(replied, "handle SendReply", "outbound");
    const twilioCall = childOf(handled, "twilio create message", "outbound");
    expect(spans.some((span) => span.parentSpanId === twilioCall.spanId && span.kind === CLIENT)).toBe(true);
    const sent = childOf(handled, "append ReplySent", "outbound");
    childOf(sent, "project ReplySent", "projector");
    const [message] = scenario.sim.sentMessages();
    expect(new URL(message?.statusCallback ?? "").searchParams.get("traceparent")).toBe(
      `00-${traceId}-${twilioCall.spanId}-01`,
    );

    // Twilio's status callbacks continue the Twilio call's trace; their own HTTP request is linked:
    // the span active in the request (Fastify's handler span) in a trace of its own, whose root is
    // the ingress's HTTP server span.
    const callback = childOf(twilioCall, "webhook status", "ingress");
    const callbackRequest = byId.get(callback.links[0]?.spanId ?? "") as ReceivedSpan;
    expect(callbackRequest).toMatchObject({ service: "ingress" });
    expect(callbackRequest.traceId).not.toBe(traceId);
    expect([callbackRequest, ...ancestorsOf(callbackRequest)].at(-1)).toMatchObject({
      service: "ingress",
      kind: SERVER,
      parentSpanId: "",
    });
    const status = childOf(callback, "append MessageStatusUpdated", "ingress");
    childOf(status, "project MessageStatusUpdated", "projector");

    const chain = [webhook, appended, projected, live, replied, handled, twilioCall, sent, callback, status];
    expect(chain.map((span) => span.traceId)).toEqual(chain.map(() => traceId));
  }, 120_000);
});
