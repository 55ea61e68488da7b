// The root holds the whole kit: its core (NATS, partitions config, .env, logging: ./core.ts, the
// entry of a process that serves nothing) and the rest. Twilio's client is its own entry, ./twilio.ts.

export { type AppendOptions, appendSigned, appendSignedBatch } from "./append.js";
export {
  type Channel,
  ChannelRegistry,
  type ChannelResolution,
  type EnvChannelSettings,
  envChannelOf,
} from "./channels/channel-registry.js";
export { channelRegistryProviders } from "./channels/channel-registry.providers.js";
export { checkStreams, MissingPartitionsError, MissingStreamsError } from "./check-streams.js";
export * from "./core.js";
export { eraseMediaObject } from "./erase-media-object.js";
export { type EraseFilter, eraseStoredMessages } from "./erase-stored-messages.js";
export {
  ensureMediaBucket,
  type MediaObject,
  MediaStore,
  mediaBucketStream,
  mediaRecordSubject,
} from "./media-store.js";
export { createMetricsRegistry, Gauge, type Registry } from "./metrics.js";
export { connectNats, natsServersOf } from "./nats-connection.js";
export { NestLogBridge } from "./nest-log-bridge.js";
export { OpsController, READINESS_CHECKS, type ReadinessCheck } from "./ops.controller.js";
export { answeredWithin, answeredWithinProbe, PROBE_BUDGET_MS } from "./probe-budget.js";
export {
  type RunningService,
  runService,
  type ServiceDefinition,
  type ServiceEnvOf,
  type ServiceEnvSchema,
  type ServiceHost,
} from "./run-service.js";
export { LOGGER, type ServiceKitOptions, serviceKitModule } from "./service-kit.module.js";
export { registerStreamMetrics, type StreamQuorum, streamQuorumOf } from "./stream-metrics.js";
export {
  allSetUpStreamNames,
  ensureStreams,
  type StreamOptions,
  setUpStreamNames,
  streamConfigs,
} from "./streams.js";
export { inSpan, startSpan, TRACER_NAME } from "./tracing/spans.js";
export { startTracing, type Tracing, type TracingOptions } from "./tracing/start-tracing.js";
export {
  extractTraceContext,
  extractTraceContextFromQuery,
  headerLookupOf,
  injectTraceContext,
  withTraceContext,
} from "./tracing/trace-context.js";
