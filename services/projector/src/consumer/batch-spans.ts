import { extractTraceContext, startSpan } from "@cloudpa/kit";
import {
  type Context,
  context,
  type Link,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import type { BatchOutcome } from "./batch-applier.js";
import type { OpenedEvent } from "./stream-event.js";

/**
 * The spans of one batch. A batch holds events of many traces, so the batch is a span of its own
 * (a new trace) linked to each event's append, and each event that carries a trace context gets
 * a `project <type>` span in its own trace, child of its append, covering the same transaction.
 * The live notice of an org continues the trace of that org's last event in the batch.
 */
export class BatchSpans {
  private constructor(
    private readonly batch: Span,
    private readonly events: { span: Span; seq: number; orgId: string | undefined }[],
  ) {}

  static start(opened: readonly OpenedEvent[]): BatchSpans {
    const traced = opened
      .map((event) => ({ event, parent: extractTraceContext(event.source.header, ROOT_CONTEXT) }))
      .filter(({ parent }) => trace.getSpanContext(parent) !== undefined);
    const links: Link[] = traced.map(({ parent }) => ({ context: trace.getSpanContext(parent) as Link["context"] }));
    const batch = startSpan(
      "projector batch",
      {
        kind: SpanKind.CONSUMER,
        links,
        attributes: {
          "messaging.system": "nats",
          "messaging.operation.type": "process",
          "messaging.batch.message_count": opened.length,
          "cloudpa.stream.first_seq": opened[0]?.source.seq ?? 0,
          "cloudpa.stream.last_seq": opened.at(-1)?.source.seq ?? 0,
        },
      },
      ROOT_CONTEXT,
    );
    const batchLink: Link[] = [{ context: batch.spanContext() }];
    const events = traced.map(({ event, parent }) => {
      const type = "event" in event ? event.event.type : "refused";
      const span = startSpan(
        `project ${type}`,
        {
          kind: SpanKind.CONSUMER,
          links: batchLink,
          attributes: {
            "messaging.system": "nats",
            "messaging.operation.type": "process",
            "messaging.destination.name": event.source.subject,
            "cloudpa.stream.seq": event.source.seq,
          },
        },
        parent,
      );
      return { span, seq: event.source.seq, orgId: "event" in event ? event.event.orgId : undefined };
    });
    return new BatchSpans(batch, events);
  }

  /** Runs the batch's transaction with the batch span active, so its queries are the span's children. */
  inBatch<T>(work: () => Promise<T>): Promise<T> {
    return context.with(trace.setSpan(ROOT_CONTEXT, this.batch), work);
  }

  /** Ends the batch's spans when its transaction committed (an outcome), or did not; a quarantined event's span is an error. */
  end(outcome: BatchOutcome | "gap" | undefined): void {
    if (typeof outcome !== "object") {
      const message = outcome === "gap" ? "sequence gap: the consumer is bound again" : "not applied: stopping";
      for (const span of [this.batch, ...this.events.map((event) => event.span)]) {
        span.setStatus({ code: SpanStatusCode.ERROR, message });
        span.end();
      }
      return;
    }
    const quarantined = new Map(outcome.quarantined.map((entry) => [entry.seq, entry]));
    this.batch.setAttributes({ "cloudpa.checkpoint": outcome.checkpoint, "cloudpa.quarantined": quarantined.size });
    this.batch.end();
    for (const { span, seq } of this.events) {
      const entry = quarantined.get(seq);
      if (entry) span.setStatus({ code: SpanStatusCode.ERROR, message: `quarantined: ${entry.reasonCode}` });
      span.setAttribute("cloudpa.checkpoint", outcome.checkpoint);
      span.end();
    }
  }

  /** The context a live notice to this org continues: the span of the org's last traced event in the batch. */
  noticeContextOf(orgId: string): Context | undefined {
    const last = this.events.findLast((event) => event.orgId === orgId);
    return last ? trace.setSpan(ROOT_CONTEXT, last.span) : undefined;
  }
}
