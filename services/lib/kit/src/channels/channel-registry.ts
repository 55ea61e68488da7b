import {
  type ChannelRecord,
  channelIdFor,
  channelKeyOf,
  channelRecordSchema,
  DEFAULT_ORG_ID,
  openSecret,
} from "@cloudpa/contracts";
import type { KV, KvEntry } from "@nats-io/kv";
import { errorContext, type Logger } from "../logger.js";

/** A freelancer's WhatsApp number, with the Twilio credentials that sign its webhooks and send its replies. */
export interface Channel {
  channelId: string;
  orgId: string;
  /** `whatsapp:+E164`, as Twilio writes it. */
  number: string;
  accountSid: string;
  authToken: string;
  isActive: boolean;
  source: "registry" | "env";
}

/** What the registry knows of a number. */
export type ChannelResolution =
  | { kind: "found"; channel: Channel }
  | { kind: "inactive"; channel: Channel }
  | { kind: "unreadable"; channelId: string; orgId: string }
  | { kind: "unknown" };

type Entry = { kind: "channel"; channel: Channel } | { kind: "unreadable"; channelId: string; orgId: string };

/** The env variables of the env channel (DESIGN.md: single-user setups and the seed's fallback). */
export interface EnvChannelSettings {
  TWILIO_ACCOUNT_SID?: string | undefined;
  TWILIO_AUTH_TOKEN?: string | undefined;
  TWILIO_WHATSAPP_FROM: string;
}

/**
 * The env channel of the default org, or undefined when the env configures none. The one
 * definition of "the env configures a channel", for every part: a channel needs the account
 * SID and the token, to receive (signatures) and to reply (the Messages API) alike.
 */
export function envChannelOf(env: EnvChannelSettings): Channel | undefined {
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
 * The KV channel registry (`<ns>-channels`), watched into memory: ingress and outbound resolve
 * a number without a round trip, and a channel the web connects or disconnects takes effect
 * within the watch's latency. Tokens are opened once, when a record arrives.
 */
export class ChannelRegistry {
  private readonly entries = new Map<string, Entry>();
  private loaded = false;
  private stopped = false;
  private watcher: { stop(): void } | undefined;

  private constructor(
    private readonly credentialsKey: Buffer,
    private readonly envChannel: Channel | undefined,
    private readonly logger: Logger,
  ) {}

  /**
   * Loads a snapshot of the bucket, then follows every change after it. The snapshot's
   * revision is taken first, so a change made while the snapshot is read is replayed by the
   * watch rather than lost.
   */
  static async start(
    kv: KV,
    options: { credentialsKey: Buffer; envChannel: Channel | undefined; logger: Logger; watch?: boolean },
  ): Promise<ChannelRegistry> {
    const registry = new ChannelRegistry(options.credentialsKey, options.envChannel, options.logger);
    const status = await kv.status();
    const revision = status.streamInfo.state.last_seq;
    for await (const key of await kv.keys()) {
      const entry = await kv.get(key);
      if (entry) registry.apply(entry);
    }
    registry.loaded = true;
    if (options.watch !== false) void registry.follow(kv, revision + 1);
    return registry;
  }

  /** Applies every change from `revision` on; a watch that ends restarts where it stopped. */
  private async follow(kv: KV, revision: number): Promise<void> {
    let next = revision;
    while (!this.stopped) {
      try {
        const watcher = await kv.watch({ resumeFromRevision: next });
        this.watcher = watcher;
        if (this.stopped) watcher.stop();
        for await (const entry of watcher) {
          this.apply(entry);
          next = entry.revision + 1;
        }
      } catch (error) {
        this.logger.error("channel registry watch failed", errorContext(error));
      }
      if (this.stopped) return;
      this.logger.warn("channel registry watch ended; restarting", { revision: next });
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  isLoaded(): boolean {
    return this.loaded;
  }

  stop(): void {
    this.stopped = true;
    this.watcher?.stop();
  }

  /**
   * The channel of one of our numbers. A registry record wins over the env channel, also when
   * it is inactive: a disconnected number is refused, not silently served by the fallback.
   */
  resolve(number: string): ChannelResolution {
    const key = channelKeyOf(number);
    const entry = key === channelKeyOf("") ? undefined : this.entries.get(key);
    if (entry?.kind === "unreadable") return entry;
    if (entry) return { kind: entry.channel.isActive ? "found" : "inactive", channel: entry.channel };
    if (this.envChannel && channelKeyOf(this.envChannel.number) === key) {
      return { kind: "found", channel: this.envChannel };
    }
    return { kind: "unknown" };
  }

  /** Every active channel: the registry's, plus the env channel unless the registry holds its number. */
  activeChannels(): Channel[] {
    const channels: Channel[] = [];
    for (const entry of this.entries.values()) {
      if (entry.kind === "channel" && entry.channel.isActive) channels.push(entry.channel);
    }
    if (this.envChannel && !this.entries.has(channelKeyOf(this.envChannel.number))) channels.push(this.envChannel);
    return channels;
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
