import type { HeaderLookup } from "@cloudpa/contracts";
import type { MsgHdrs } from "@nats-io/transport-node";
import { type Context, context, propagation, type TextMapGetter, type TextMapSetter } from "@opentelemetry/api";

/**
 * W3C trace context (`traceparent`, `tracestate`) on the wire, written and read through the
 * global propagator: with tracing off (no SDK started) it is the API's no-op, so nothing is
 * written and every read gives the context it was given. Events and commands carry it in NATS
 * headers, beside the signature headers and outside the signed payload (decision 012).
 */
const natsHeaderSetter: TextMapSetter<MsgHdrs> = {
  set: (carrier, key, value) => carrier.set(key, value),
};

const lookupGetter: TextMapGetter<HeaderLookup> = {
  // The W3C propagator asks for its fields by name and never lists keys.
  keys: () => [],
  get: (lookup, key) => lookup(key) || undefined,
};

/** Writes the trace context of `from` (the active one by default) into a message's headers. */
export function injectTraceContext(headers: MsgHdrs, from: Context = context.active()): void {
  propagation.inject(from, headers, natsHeaderSetter);
}

/**
 * The context a message's headers carry, on top of `base` (the active one by default); `base`
 * itself when they carry none. Takes a header lookup, as the envelope's opening does.
 */
export function extractTraceContext(header: HeaderLookup, base: Context = context.active()): Context {
  return propagation.extract(base, header, lookupGetter);
}

/** A message's headers as a lookup (`MsgHdrs.get` answers "" for a missing header). */
export function headerLookupOf(headers: MsgHdrs | undefined): HeaderLookup {
  return (name) => headers?.get(name) || undefined;
}

/**
 * `url` with the trace context of `from` added to its query (`?traceparent=…`), for a URL a third
 * party calls back without propagating anything itself (Twilio's StatusCallback: it signs and calls
 * the URL as given, query included). The URL is returned unchanged when there is no context to add.
 */
export function withTraceContext(url: string, from: Context = context.active()): string {
  const fields: Record<string, string> = {};
  propagation.inject(from, fields);
  if (Object.keys(fields).length === 0) return url;
  const withQuery = new URL(url);
  for (const [name, value] of Object.entries(fields)) withQuery.searchParams.set(name, value);
  return withQuery.toString();
}

/** The context a called-back URL's query carries (see withTraceContext), on top of `base`. */
export function extractTraceContextFromQuery(query: URLSearchParams, base: Context = context.active()): Context {
  return extractTraceContext((name) => query.get(name) ?? undefined, base);
}
