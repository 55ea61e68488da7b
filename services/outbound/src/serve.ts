import "reflect-metadata";
import { outboundEnvSchema, parseEnv } from "@cloudpa/contracts";
import { loadDotEnv } from "@cloudpa/kit";
import { createOutboundApp } from "./outbound-app.js";

loadDotEnv();
const env = parseEnv(outboundEnvSchema);
const { app, runtime } = await createOutboundApp(env);
await app.listen({ port: env.OUTBOUND_PORT, host: "0.0.0.0" });
runtime.logger.info("outbound listening", { url: await app.getUrl(), namespace: env.CLOUDPA_NAMESPACE });
