import type { SpanProcessor } from "@opentelemetry/sdk-trace";

export interface Tracing {
  /** Ends tracing: exports what is buffered, then unregisters the SDK. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** Where spans go instead of OTLP (a test's in-memory exporter); starts tracing whatever the env says. */
  spanProcessors?: SpanProcessor[];
  /** Auto-instrumentation of http, pg, Nest and Fastify (default on; a test inside vitest may turn it off). */
  instrument?: boolean;
}

/**
 * The one tracing set-up of every Cloud PA process. Tracing is on when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set and
 * `OTEL_SDK_DISABLED` is not `true`; otherwise nothing is loaded and the API stays the no-op it
 * is by default. The instrumentations patch http, pg and @nestjs/core as they load (and hook Fastify
 * instances as they are created), so a service calls this before importing its own modules (see
 * each main.ts and decision 012).
 */
export async function startTracing(
  serviceName: string,
  env: Record<string, string | undefined> = process.env,
  options: TracingOptions = {},
): Promise<Tracing | undefined> {
  const endpoints = [env.OTEL_EXPORTER_OTLP_ENDPOINT, env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT].filter(Boolean);
  for (const endpoint of endpoints) {
    // A typo here would otherwise only show as traces that never arrive ("collector:4318" parses as a URL too).
    const protocol = URL.parse(endpoint as string)?.protocol;
    if (protocol !== "http:" && protocol !== "https:")
      throw new Error(`bad configuration: OTEL endpoint ${endpoint} is not an http(s) URL`);
  }
  const exporting = endpoints.length > 0;
  if (!options.spanProcessors && (!exporting || env.OTEL_SDK_DISABLED === "true")) return undefined;
  const { startNodeSdk } = await import("./node-sdk.js");
  return startNodeSdk(serviceName, {
    instrument: options.instrument ?? true,
    ...(options.spanProcessors ? { spanProcessors: options.spanProcessors } : { tracesUrl: tracesUrlOf(env) }),
  });
}

/** Where spans are sent, as the OTLP exporter reads it from the environment, but from the env given. */
function tracesUrlOf(env: Record<string, string | undefined>): string | undefined {
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return base ? `${base.replace(/\/+$/, "")}/v1/traces` : undefined;
}
