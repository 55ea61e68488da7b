// The process's entry. runService starts tracing before `start` imports the service's own
// modules: the instrumentations patch http, pg and @nestjs/core as those load (decision 012).
// With OTEL_EXPORTER_OTLP_ENDPOINT unset this loads nothing and the service starts as it always did.
import { outboundEnvSchema } from "@cloudpa/contracts";
import { runService } from "@cloudpa/kit";

await runService({
  name: "outbound",
  envSchema: outboundEnvSchema,
  start: async (env, logger) => (await import("./serve.js")).serveOutbound(env, logger),
});
