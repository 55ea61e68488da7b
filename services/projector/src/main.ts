// The process's entry. Tracing starts before the service's own modules are imported: the
// instrumentations patch http, pg and @nestjs/core as those load (decision 012). With
// OTEL_EXPORTER_OTLP_ENDPOINT unset this loads nothing and the service starts as it always did.
import { loadDotEnv, startTracing } from "@cloudpa/kit";

loadDotEnv();
try {
  await startTracing("projector");
} catch (error) {
  process.stderr.write(`projector: ${(error as Error).message}\n`);
  process.exit(1);
}
await import("./serve.js");
