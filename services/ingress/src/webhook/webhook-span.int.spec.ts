import { webhookPaths } from "@cloudpa/contracts";
import { startTracing, type Tracing } from "@cloudpa/kit";
import { type TestNats, testNats } from "@cloudpa/testkit";
import { SpanKind } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ACCOUNT_SID,
  ENV_NUMBER,
  type Ingress,
  inboundParams,
  postWebhook,
  sid,
  startIngress,
} from "../test/ingress-harness.js";

/** A Twilio call span's context, as the outbound writes it into the StatusCallback URL. */
const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const TWILIO_CALL_SPAN = "00f067aa0ba902b7";
const TRACEPARENT = `00-${TRACE_ID}-${TWILIO_CALL_SPAN}-01`;

function statusParams(messageSid: string): Record<string, string> {
  return {
    MessageSid: messageSid,
    MessageStatus: "delivered",
    SmsStatus: "delivered",
    AccountSid: ACCOUNT_SID,
    From: ENV_NUMBER,
    To: "whatsapp:+15557654321",
    ApiVersion: "2010-04-01",
  };
}

describe("webhook spans", () => {
  let nats: TestNats;
  let ingress: Ingress;
  let tracing: Tracing | undefined;
  const exporter = new InMemorySpanExporter();

  beforeAll(async () => {
    tracing = await startTracing(
      "ingress-test",
      {},
      { spanProcessors: [new SimpleSpanProcessor({ exporter })], instrument: false },
    );
    nats = await testNats();
    ingress = await startIngress(nats);
  });
  afterAll(async () => {
    await ingress?.close();
    await nats?.cleanup();
    await tracing?.shutdown();
  });
  beforeEach(() => exporter.reset());

  const named = (name: string) => exporter.getFinishedSpans().find((span) => span.name === name);
  const parentIdOf = (span: ReadableSpan | undefined) => span?.parentSpanContext?.spanId;

  async function storedTraceparent(seq: number): Promise<string | undefined> {
    const stored = await nats.jsm.streams.getMessage(nats.names.eventsStream, { seq });
    return stored?.header.get("traceparent");
  }

  it("records an inbound webhook as a span whose append's context the stored event carries", async () => {
    const params = inboundParams();
    const response = await postWebhook(ingress, params);
    expect(response.status).toBe(200);

    const webhook = named("webhook inbound");
    const append = named("append InboundMessageReceived");
    expect(webhook?.attributes["cloudpa.message_sid"]).toBe(params.MessageSid);
    expect(parentIdOf(append)).toBe(webhook?.spanContext().spanId);
    expect(append?.kind).toBe(SpanKind.PRODUCER);
    const seq = append?.attributes["cloudpa.stream.seq"] as number;
    expect(await storedTraceparent(seq)).toBe(
      `00-${webhook?.spanContext().traceId}-${append?.spanContext().spanId}-01`,
    );
  });

  it("continues the Twilio call's trace from a signed status callback URL's traceparent", async () => {
    const messageSid = sid();
    const path = `${webhookPaths().status}?traceparent=${TRACEPARENT}`;
    const response = await postWebhook(ingress, statusParams(messageSid), { path });
    expect(response.status).toBe(200);

    const webhook = named("webhook status");
    const append = named("append MessageStatusUpdated");
    expect(webhook?.spanContext().traceId).toBe(TRACE_ID);
    expect(parentIdOf(webhook)).toBe(TWILIO_CALL_SPAN);
    expect(parentIdOf(append)).toBe(webhook?.spanContext().spanId);
    expect(append?.spanContext().traceId).toBe(TRACE_ID);
  });

  it("refuses a status callback whose traceparent was added after Twilio signed the URL", async () => {
    const signedUrl = `${ingress.env.PUBLIC_BASE_URL}${webhookPaths().status}`;
    const path = `${webhookPaths().status}?traceparent=${TRACEPARENT}`;
    const response = await postWebhook(ingress, statusParams(sid()), { path, signedUrl });
    expect(response.status).toBe(403);
    expect(named("append MessageStatusUpdated")).toBeUndefined();
  });
});
