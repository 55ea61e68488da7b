// The kit without Nest, HTTP, metrics, tracing or Twilio: the NATS connection and its names, the
// partitions' config, the env file, the logger and the wait for a dependency's answer. A process
// that serves nothing (the projector's operator commands, a 1M-event rebuild among them) imports
// this entry, not the package's root, whose Nest, OpenTelemetry SDK, Twilio and axios held about
// 11 MB of heap it never used (docs/decisions/024).
export { loadDotEnv } from "./dotenv.js";
export { dropsExpiringPulls, LIVE_PULL_HEARTBEAT_MS, livePull } from "./live-pull.js";
export { ensureLocalSecrets, localInstallsDirectory } from "./local-install/ensure-local-secrets.js";
export {
  installNameOf,
  LOCAL_SECRETS,
  type SettledSecrets,
  settleLocalSecrets,
} from "./local-install/local-secrets.js";
export { createLogger, errorContext, type LogContext, type Logger, type LogLevel } from "./logger.js";
export { nextStoredMessage } from "./next-stored-message.js";
export { asksForHelp, usageOf } from "./operator-help.js";
export {
  PartitionCountChangedError,
  readEventPartitions,
  readPartitionedSince,
  recordPartitions,
  writePartitionedSince,
} from "./partitions-config.js";
export { answeredWithin } from "./probe-budget.js";
export { NatsDisconnectedError, type NatsEnv, ServiceNats, type ServiceNatsOptions } from "./service-nats.js";
