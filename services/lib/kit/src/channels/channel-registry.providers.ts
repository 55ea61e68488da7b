import { Inject, Injectable, type OnApplicationShutdown, type Provider } from "@nestjs/common";
import type { Logger } from "../logger.js";
import { ServiceNats } from "../service-nats.js";
import { ChannelRegistry, type EnvChannelSettings, envChannelOf } from "./channel-registry.js";

/** Stops the registry's watch when the app closes (the kit drains NATS after it). */
@Injectable()
class ChannelRegistryShutdown implements OnApplicationShutdown {
  constructor(@Inject(ChannelRegistry) private readonly registry: ChannelRegistry) {}
  onApplicationShutdown() {
    this.registry.stop();
  }
}

/**
 * The channel registry of a Nest service (`ChannelRegistry`): loaded from the set-up step's
 * channels bucket (opened, never created) with the env's channel, and stopped with the app.
 */
export function channelRegistryProviders(
  env: EnvChannelSettings & { CREDENTIALS_KEY: Buffer },
  logger: Logger,
): Provider[] {
  return [
    {
      provide: ChannelRegistry,
      useFactory: async (nats: ServiceNats) =>
        ChannelRegistry.start(await nats.bucket(nats.names.channelsBucket), {
          credentialsKey: env.CREDENTIALS_KEY,
          envChannel: envChannelOf(env),
          logger,
        }),
      inject: [ServiceNats],
    },
    ChannelRegistryShutdown,
  ];
}
