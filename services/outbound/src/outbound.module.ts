import { OpsController, READINESS_CHECKS, type ReadinessCheck } from "@cloudpa/kit";
import { type DynamicModule, Inject, Injectable, Module, type OnApplicationShutdown } from "@nestjs/common";
import { CqrsModule } from "@nestjs/cqrs";
import { Registry } from "prom-client";
import { OUTBOUND_RUNTIME, type OutboundRuntime } from "./outbound-runtime.js";
import { CommandsConsumer } from "./send-reply/commands-consumer.js";
import { SendReplyHandler } from "./send-reply/send-reply.handler.js";

@Module({})
export class OutboundModule {}

/** Closes NATS once the consumer has stopped (it stops in beforeApplicationShutdown). */
@Injectable()
class RuntimeShutdown implements OnApplicationShutdown {
  constructor(@Inject(OUTBOUND_RUNTIME) private readonly runtime: OutboundRuntime) {}

  onApplicationShutdown(): Promise<void> {
    return this.runtime.close();
  }
}

/** The outbound app: the commands consumer, the SendReply handler, and `/healthz`, `/readyz`, `/metrics`. */
export function outboundModule(runtime: OutboundRuntime): DynamicModule {
  return {
    module: OutboundModule,
    imports: [CqrsModule.forRoot()],
    controllers: [OpsController],
    providers: [
      { provide: OUTBOUND_RUNTIME, useValue: runtime },
      { provide: Registry, useValue: runtime.registry },
      SendReplyHandler,
      CommandsConsumer,
      RuntimeShutdown,
      {
        provide: READINESS_CHECKS,
        useFactory: (consumer: CommandsConsumer): ReadinessCheck[] => [
          { name: "nats", check: () => runtime.natsConnected() },
          { name: "channels", check: () => runtime.channels.isLoaded() },
          { name: "commands", check: () => consumer.isRunning() },
        ],
        inject: [CommandsConsumer],
      },
    ],
  };
}
