import type { OutboundEnv } from "@cloudpa/contracts";
import { NestFactory } from "@nestjs/core";
import { FastifyAdapter, type NestFastifyApplication } from "@nestjs/platform-fastify";
import { outboundModule } from "./outbound.module.js";
import { createOutboundRuntime, type OutboundRuntime, type RuntimeOverrides } from "./outbound-runtime.js";

export interface OutboundApp {
  app: NestFastifyApplication;
  runtime: OutboundRuntime;
  /** Stops consuming, waits for sends in flight, closes NATS (as SIGTERM does). */
  close(): Promise<void>;
}

/** Builds the app (NATS, streams, buckets, registry, consumer) without listening; `main.ts` and tests share it. */
export async function createOutboundApp(env: OutboundEnv, overrides: RuntimeOverrides = {}): Promise<OutboundApp> {
  const runtime = await createOutboundRuntime(env, overrides);
  try {
    const app = await NestFactory.create<NestFastifyApplication>(outboundModule(runtime), new FastifyAdapter(), {
      logger: ["error", "warn"],
    });
    await app.init();
    return {
      app,
      runtime,
      close: () => app.close(),
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}
