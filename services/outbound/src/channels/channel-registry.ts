import {
  type ChannelRecord,
  channelIdFor,
  channelKeyOf,
  channelRecordSchema,
  DEFAULT_ORG_ID,
  type OutboundEnv,
  openSecret,
} from "@cloudpa/contracts";
import { errorContext, type Logger } from "@cloudpa/kit";
import type { KV, KvEntry } from "@nats-io/kv";
import type { Channel, ChannelLookup } from "./channel.js";

type Entry = { kind: "channel"; channel: Channel } | { kind: "unreadable"; channelId: string; orgId: string };

/** The env channel of the default org (single-user setups): only when an account and token are configured. */
export function envChannelOf(env: OutboundEnv): Channel | undefined {
  if (!env.TWILIO_AUTH_TOKEN || !env.TWILIO_ACCOUNT_SID) return undefined;
  return {
    channelId: channelIdFor(DEFAULT_ORG_ID, env.TWILIO_WHATSAPP_FROM),
    orgId: DEFAULT_ORG_ID,
    number: env.TWILIO_WHATSAPP_FROM,
    accountSid: env.TWILIO_ACCOUNT_SID,
    authToken: env.TWILIO_AUTH_TOKEN,
    isActive: true,
    source: "env",
  };
}

/**
 * The KV channel registry (`<ns>-channels`), watched into memory so a send needs no round
 * trip for its credentials, and a channel the web disconnects stops sending within the
 * watch's latency.
 */
export class ChannelRegistry {
  private readonly entries = new Map<string, Entry>();
  private loaded = false;
  private stopWatch: (() => void) | undefined;

  private constructor(
    private readonly credentialsKey: Buffer,
    private readonly envChannel: Channel | undefined,
    private readonly logger: Logger,
  ) {}

  /**
   * Reads the bucket's current values, then follows every change. The snapshot's revision is
   * taken first, so a change made while the snapshot is read is replayed by the watch, not lost.
   */
  static async start(
    kv: KV,
    options: { credentialsKey: Buffer; envChannel: Channel | undefined; logger: Logger },
  ): Promise<ChannelRegistry> {
    const registry = new ChannelRegistry(options.credentialsKey, options.envChannel, options.logger);
    const revision = (await kv.status()).streamInfo.state.last_seq;
    for await (const key of await kv.keys()) {
      const entry = await kv.get(key);
      if (entry) registry.apply(entry);
    }
    registry.loaded = true;
    const watcher = await kv.watch({ resumeFromRevision: revision + 1 });
    registry.stopWatch = () => watcher.stop();
    void (async () => {
      for await (const entry of watcher) registry.apply(entry);
    })().catch((error) => options.logger.error("channel registry watch ended", errorContext(error)));
    return registry;
  }

  isLoaded(): boolean {
    return this.loaded;
  }

  stop(): void {
    this.stopWatch?.();
  }

  /** The channel of a number. A registry record wins over the env channel, also when it is inactive. */
  lookup(number: string): ChannelLookup {
    const key = channelKeyOf(number);
    const entry = this.entries.get(key);
    if (entry?.kind === "unreadable") return entry;
    if (entry) return { kind: "found", channel: entry.channel };
    if (this.envChannel && channelKeyOf(this.envChannel.number) === key)
      return { kind: "found", channel: this.envChannel };
    return { kind: "unknown" };
  }

  private apply(entry: KvEntry): void {
    if (entry.operation !== "PUT") {
      this.entries.delete(entry.key);
      return;
    }
    let record: ChannelRecord;
    try {
      record = channelRecordSchema.parse(entry.json());
    } catch (error) {
      this.entries.delete(entry.key);
      this.logger.warn("ignoring a channel record that does not match the contract", {
        key: entry.key,
        revision: entry.revision,
        ...errorContext(error),
      });
      return;
    }
    const context = { orgId: record.orgId, channelId: record.channelId, key: entry.key };
    try {
      const authToken = openSecret(record.authTokenSealed, this.credentialsKey, record.channelId);
      this.entries.set(entry.key, {
        kind: "channel",
        channel: {
          channelId: record.channelId,
          orgId: record.orgId,
          number: record.externalPhoneId,
          accountSid: record.accountSid,
          authToken,
          isActive: record.isActive,
          source: "registry",
        },
      });
      this.logger.info("channel loaded", { ...context, isActive: record.isActive });
    } catch (error) {
      this.entries.set(entry.key, { kind: "unreadable", channelId: record.channelId, orgId: record.orgId });
      this.logger.error("cannot open the channel's auth token (is CREDENTIALS_KEY the web's?)", {
        ...context,
        ...errorContext(error),
      });
    }
  }
}
