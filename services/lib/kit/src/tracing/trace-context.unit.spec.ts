import { webhookUrlsFor } from "@cloudpa/contracts";
import { headers } from "@nats-io/transport-node";
import { propagation, ROOT_CONTEXT, type SpanContext, TraceFlags, trace } from "@opentelemetry/api";
import { TraceState, W3CTraceContextPropagator } from "@opentelemetry/core";
import { afterEach, describe, expect, it } from "vitest";
import {
  extractTraceContext,
  extractTraceContextFromQuery,
  headerLookupOf,
  injectTraceContext,
  withTraceContext,
} from "./trace-context.js";

const sent: SpanContext = {
  traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
  spanId: "00f067aa0ba902b7",
  traceFlags: TraceFlags.SAMPLED,
  traceState: new TraceState("cloudpa=ingress"),
};
const parentContext = trace.setSpanContext(ROOT_CONTEXT, sent);

describe("trace context in NATS headers", () => {
  afterEach(() => propagation.disable());

  describe("with tracing on (the W3C propagator registered)", () => {
    const register = () => propagation.setGlobalPropagator(new W3CTraceContextPropagator());

    it("writes traceparent and tracestate beside the headers already there, and reads them back as a remote parent", () => {
      register();
      const hdrs = headers();
      hdrs.set("Cloudpa-Key-Id", "ingress-1");
      injectTraceContext(hdrs, parentContext);

      expect(hdrs.get("traceparent")).toBe("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
      expect(hdrs.get("tracestate")).toBe("cloudpa=ingress");
      expect(hdrs.get("Cloudpa-Key-Id")).toBe("ingress-1");

      const received = trace.getSpanContext(extractTraceContext(headerLookupOf(hdrs), ROOT_CONTEXT));
      expect(received).toMatchObject({
        traceId: sent.traceId,
        spanId: sent.spanId,
        traceFlags: TraceFlags.SAMPLED,
        isRemote: true,
      });
      expect(received?.traceState?.serialize()).toBe("cloudpa=ingress");
    });

    it("gives the base context back for a message without trace headers (one appended before tracing)", () => {
      register();
      const hdrs = headers();
      hdrs.set("Cloudpa-Key-Id", "ingress-1");
      expect(extractTraceContext(headerLookupOf(hdrs), ROOT_CONTEXT)).toBe(ROOT_CONTEXT);
      expect(extractTraceContext(headerLookupOf(undefined), ROOT_CONTEXT)).toBe(ROOT_CONTEXT);
    });

    it("ignores a malformed traceparent instead of failing the message", () => {
      register();
      const hdrs = headers();
      hdrs.set("traceparent", "not-a-trace-parent");
      expect(trace.getSpanContext(extractTraceContext(headerLookupOf(hdrs), ROOT_CONTEXT))).toBeUndefined();
    });

    it("puts the context in a callback URL's query, before the unsigned fragment, and reads it back", () => {
      register();
      const url = withTraceContext(webhookUrlsFor("http://localhost:3001").statusCallback, parentContext);
      const parsed = new URL(url);
      expect(parsed.pathname).toBe("/api/v1/messaging/webhook/whatsapp/status");
      expect(parsed.searchParams.get("traceparent")).toBe("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
      expect(parsed.hash).toBe("#rc=3&rp=all&ct=5000&rt=15000&tt=15000");

      const received = trace.getSpanContext(extractTraceContextFromQuery(parsed.searchParams, ROOT_CONTEXT));
      expect(received).toMatchObject({ traceId: sent.traceId, spanId: sent.spanId, isRemote: true });
    });
  });

  describe("with tracing off (no SDK: the API's no-op propagator)", () => {
    it("writes nothing into the headers and leaves a callback URL exactly as it was", () => {
      const hdrs = headers();
      injectTraceContext(hdrs, parentContext);
      expect(hdrs.keys()).toEqual([]);
      const url = webhookUrlsFor("http://localhost:3001").statusCallback;
      expect(withTraceContext(url, parentContext)).toBe(url);
    });
  });
});
