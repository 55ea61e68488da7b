// The process's entry. Its V8 flags first (decision 031): without them the process replaces itself
// with one started with them, before it has loaded anything else. Then runService starts tracing
// before `start` imports the service's own modules: the instrumentations patch http, pg and
// @nestjs/core as those load (decision 012). With OTEL_EXPORTER_OTLP_ENDPOINT unset this loads
// nothing and the service starts as it always did.
import { runWithServiceV8Flags } from "@cloudpa/kit/v8-flags";

runWithServiceV8Flags();
const { outboundEnvSchema } = await import("@cloudpa/contracts");
const { runService } = await import("@cloudpa/kit");

await runService({
  name: "outbound",
  envSchema: outboundEnvSchema,
  start: async (env, logger) => (await import("./serve.js")).serveOutbound(env, logger),
});
