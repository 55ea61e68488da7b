import { inSpan, startTracing, type Tracing } from "@cloudpa/kit";
import { waitFor } from "@cloudpa/testkit";
import { SpanKind } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OutboundFixture, outboundFixture } from "../testing/outbound-fixture.js";

describe("send reply spans", () => {
  let fixture: OutboundFixture;
  let tracing: Tracing | undefined;
  const exporter = new InMemorySpanExporter();

  beforeAll(async () => {
    tracing = await startTracing(
      "outbound-test",
      {},
      { spanProcessors: [new SimpleSpanProcessor({ exporter })], instrument: false },
    );
    fixture = await outboundFixture();
  });
  afterAll(async () => {
    await fixture?.close();
    await tracing?.shutdown();
  });

  const spanIdOf = (span: ReadableSpan | undefined) => span?.spanContext().spanId;
  const parentIdOf = (span: ReadableSpan | undefined) => span?.parentSpanContext?.spanId;

  it("handles the command in its append's trace, calls Twilio inside it and hands Twilio that call's context for the status callbacks", async () => {
    const conversationId = await fixture.customerWrote("whatsapp:+15550001111", 1);
    const command = fixture.sendReply(conversationId, "See you Tuesday");
    // The web's reply request stands in as the trace's root.
    await inSpan("web reply", { kind: SpanKind.SERVER }, () => fixture.publish(command));
    const sent = await fixture.outcomeOf(command);
    expect(sent.type).toBe("ReplySent");
    const callback = await waitFor(() => fixture.statusReceiver.received[0], { what: "a status callback" });

    const spans = await waitFor(
      () => {
        const finished = exporter.getFinishedSpans();
        return finished.some((span) => span.name === "handle SendReply") ? finished : undefined;
      },
      { what: "the command's handling span ended" },
    );
    const named = (name: string) => spans.find((span) => span.name === name);
    const root = named("web reply");
    const appended = named("append SendReply");
    const handled = named("handle SendReply");
    const twilioCall = named("twilio create message");
    const outcome = named("append ReplySent");
    const traceId = root?.spanContext().traceId;

    expect(parentIdOf(appended)).toBe(spanIdOf(root));
    expect(parentIdOf(handled)).toBe(spanIdOf(appended));
    expect(handled?.kind).toBe(SpanKind.CONSUMER);
    expect(handled?.attributes["cloudpa.disposition"]).toBe("ack");
    expect(parentIdOf(twilioCall)).toBe(spanIdOf(handled));
    expect(twilioCall?.kind).toBe(SpanKind.CLIENT);
    expect(twilioCall?.attributes["cloudpa.message_sid"]).toBe(sent.type === "ReplySent" ? sent.messageSid : "");
    expect(parentIdOf(outcome)).toBe(spanIdOf(handled));
    expect([appended, handled, twilioCall, outcome].map((span) => span?.spanContext().traceId)).toEqual(
      Array(4).fill(traceId),
    );

    // Twilio (the simulator) called the StatusCallback URL as given: path, and the call's context in its query.
    const url = new URL(callback.path, fixture.statusReceiver.url);
    expect(url.pathname).toBe("/api/v1/messaging/webhook/whatsapp/status");
    expect(url.searchParams.get("traceparent")).toBe(`00-${traceId}-${spanIdOf(twilioCall)}-01`);
  });
});
