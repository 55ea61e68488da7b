import { type Context, context, type Span, type SpanOptions, SpanStatusCode, trace } from "@opentelemetry/api";

/** Every span Cloud PA makes itself comes from this tracer; the instrumentations have their own. */
export const TRACER_NAME = "cloudpa";

/**
 * Runs `work` inside a span that is active for everything it awaits (so an append inside it
 * carries its context), records a thrown error on it, and ends it. Parent: `parent` if given,
 * else the active context. With tracing off the API hands out non-recording spans: no cost but
 * the call.
 */
export function inSpan<T>(
  name: string,
  options: SpanOptions,
  work: (span: Span) => Promise<T>,
  parent: Context = context.active(),
): Promise<T> {
  return trace.getTracer(TRACER_NAME).startActiveSpan(name, options, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Starts a span that the caller ends (one that outlives a single call, as a batch's). */
export function startSpan(name: string, options: SpanOptions, parent: Context = context.active()): Span {
  return trace.getTracer(TRACER_NAME).startSpan(name, options, parent);
}
