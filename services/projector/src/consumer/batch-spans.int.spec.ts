import { appendSigned, headerLookupOf, inSpan, startTracing, type Tracing } from "@cloudpa/kit";
import { eventFactory } from "@cloudpa/read-model/testing";
import { testbed, waitFor } from "@cloudpa/testkit";
import type { Msg } from "@nats-io/transport-node";
import { SpanKind } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkpointOf, projectorEnvFor, signingKeyOf, startProjector } from "../testing/projector-harness.js";

const f = eventFactory();

describe("projector spans", () => {
  const bed = testbed();
  let tracing: Tracing | undefined;
  const exporter = new InMemorySpanExporter();

  beforeAll(async () => {
    bed.closeAfter(await startProjector(projectorEnvFor(bed.nats, bed.db.url, bed.keys)));
  });
  // Registered after the testbed's, so it runs before it: tracing stops before the projector does.
  afterAll(async () => {
    await tracing?.shutdown();
  });

  const spanIdOf = (span: ReadableSpan | undefined) => span?.spanContext().spanId;
  const parentIdOf = (span: ReadableSpan | undefined) => span?.parentSpanContext?.spanId;

  it("with tracing off, appends events without trace headers and projects them as before", async () => {
    const { nats, db, keys } = bed;
    const connected = f.connected(0);
    const ack = await appendSigned(nats.js, nats.names, connected, signingKeyOf(keys, connected));
    const stored = await nats.jsm.streams.getMessage(nats.names.eventsStream, { seq: ack.seq });
    expect(stored?.header.get("traceparent")).toBe("");
    expect(stored?.header.get("Cloudpa-Signature")).not.toBe("");
    await waitFor(async () => (await checkpointOf(db.url)) === ack.seq, { what: "the untraced event projected" });
  });

  it("makes the event's projection a child of its append and sends the live notice in that trace", async () => {
    const { nats, db, keys } = bed;
    tracing = await startTracing(
      "projector-test",
      {},
      { spanProcessors: [new SimpleSpanProcessor({ exporter })], instrument: false },
    );
    const notices: Msg[] = [];
    const subscription = nats.nc.subscribe(nats.names.liveSubject(f.orgId), {
      callback: (_error, msg) => {
        notices.push(msg);
      },
    });

    const inbound = f.inbound(1, 7, 1);
    // The ingress's webhook span stands in as the trace's root.
    const ack = await inSpan("webhook inbound", { kind: SpanKind.INTERNAL }, () =>
      appendSigned(nats.js, nats.names, inbound, signingKeyOf(keys, inbound)),
    );
    await waitFor(async () => (await checkpointOf(db.url)) === ack.seq, { what: "the traced event projected" });
    const notice = await waitFor(() => notices.find((msg) => msg.headers?.get("traceparent")), {
      what: "a live notice with a trace context",
    });
    subscription.unsubscribe();

    const spans = exporter.getFinishedSpans();
    const named = (name: string) => spans.find((span) => span.name === name);
    const webhook = named("webhook inbound");
    const append = named("append InboundMessageReceived");
    const project = named("project InboundMessageReceived");
    const live = named("live notice");
    const batch = spans.find(
      (span) => span.name === "projector batch" && span.links.some((link) => link.context.spanId === spanIdOf(append)),
    );
    for (const span of [webhook, append, project, live, batch]) expect(span).toBeDefined();

    const traceId = webhook?.spanContext().traceId;
    expect([append, project, live].map((span) => span?.spanContext().traceId)).toEqual([traceId, traceId, traceId]);
    expect(parentIdOf(append)).toBe(spanIdOf(webhook));
    expect(parentIdOf(project)).toBe(spanIdOf(append));
    expect(parentIdOf(live)).toBe(spanIdOf(project));
    expect(append?.kind).toBe(SpanKind.PRODUCER);
    expect(append?.attributes["cloudpa.stream.seq"]).toBe(ack.seq);
    expect(project?.attributes["cloudpa.stream.seq"]).toBe(ack.seq);

    // The batch is a trace of its own, linked to the append; the event's span links back to it.
    expect(batch?.spanContext().traceId).not.toBe(traceId);
    expect(project?.links.map((link) => link.context.spanId)).toEqual([spanIdOf(batch)]);

    // What the web's /live receives carries the live notice's context; the stored event its append's.
    expect(headerLookupOf(notice.headers)("traceparent")).toBe(`00-${traceId}-${spanIdOf(live)}-01`);
    const stored = await nats.jsm.streams.getMessage(nats.names.eventsStream, { seq: ack.seq });
    expect(stored?.header.get("traceparent")).toBe(`00-${traceId}-${spanIdOf(append)}-01`);
  });
});
