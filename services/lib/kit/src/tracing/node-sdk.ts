import { FastifyOtelInstrumentation } from "@fastify/otel";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { NestInstrumentation } from "@opentelemetry/instrumentation-nestjs-core";
import { PgInstrumentation } from "@opentelemetry/instrumentation-pg";
import { NodeSDK } from "@opentelemetry/sdk-node";
import type { SpanProcessor } from "@opentelemetry/sdk-trace";
import type { Tracing } from "./start-tracing.js";

/** Probes and scrapes are not part of any message's path. */
const OPS_PATHS = new Set(["/healthz", "/readyz", "/metrics"]);

/**
 * The OpenTelemetry SDK for Node, loaded only when tracing is on (start-tracing.ts imports this
 * module dynamically). Without `spanProcessors` spans go to OTLP over HTTP, configured by the
 * standard OTEL_EXPORTER_OTLP_* variables, in batches.
 */
export function startNodeSdk(
  serviceName: string,
  options: { spanProcessors?: SpanProcessor[]; instrument: boolean; tracesUrl?: string | undefined },
): Tracing {
  const instrumentations = options.instrument
    ? [
        new HttpInstrumentation({
          ignoreIncomingRequestHook: (request) => OPS_PATHS.has((request.url ?? "").split("?")[0] ?? ""),
        }),
        // Only queries inside a traced operation: the projector's idle checkpoint reads stay out.
        new PgInstrumentation({ requireParentSpan: true }),
        new NestInstrumentation(),
        // Fastify 5 announces each new instance on diagnostics_channel, where this registers its
        // plugin (request, hook and handler spans) in apps created after start-up, whatever the
        // module system; it replaces the deprecated @opentelemetry/instrumentation-fastify. The
        // ops paths need no ignore here: the http instrumentation suppresses tracing beneath them.
        new FastifyOtelInstrumentation({ registerOnInitialization: true }),
      ]
    : [];
  const sdk = new NodeSDK({
    serviceName,
    instrumentations,
    // Traces only: metrics are Prometheus' (/metrics) and logs are the services' own JSON lines,
    // where the SDK would otherwise push both over OTLP too.
    metricReaders: [],
    logRecordProcessors: [],
    ...(options.spanProcessors
      ? { spanProcessors: options.spanProcessors }
      : { traceExporter: new OTLPTraceExporter(options.tracesUrl ? { url: options.tracesUrl } : {}) }),
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
