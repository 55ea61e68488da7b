import {
  eventIdFor,
  type InboundMediaStored,
  type InboundMessageReceived,
  inboundMediaIdFor,
  type MediaObjectRef,
  type OutboundEnv,
  openEvent,
  type StoredMedia,
} from "@cloudpa/contracts";
import {
  appendSigned,
  ChannelRegistry,
  eraseMediaObject,
  errorContext,
  headerLookupOf,
  LOGGER,
  type Logger,
  livePull,
  ServiceNats,
} from "@cloudpa/kit";
import { fetchTwilioMedia } from "@cloudpa/kit/twilio";
import { AckPolicy, type ConsumerMessages, DeliverPolicy, type JsMsg } from "@nats-io/jetstream";
import { nanos } from "@nats-io/transport-node";
import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from "@nestjs/common";
import { Counter, Registry } from "prom-client";
import { lookupChannel } from "../channels/channel.js";
import { CLOCK, type Clock, OUTBOUND_ENV } from "../outbound-config.js";

/** The durable consumer on the EVENTS stream that keeps customers' media. */
export const MEDIA_KEEPER_CONSUMER = "outbound-media-keeper";

/** A failed copy comes back after this, doubled per delivery up to `MAX_RETRY_DELAY_MS`. */
const RETRY_BASE_DELAY_MS = 2_000;
const MAX_RETRY_DELAY_MS = 5 * 60_000;
/** After this many deliveries a message's media is left to the web's proxy (counted, logged). */
export const MAX_COPY_DELIVERIES = 12;

export function copyRetryDelayMs(deliveries: number, baseMs = RETRY_BASE_DELAY_MS): number {
  return Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.max(0, deliveries - 1));
}

/** A file name from Twilio's Content-Disposition, if it gave one. */
function fileNameOf(disposition: string | null, index: number): string {
  const name = /filename="?([^";]+)"?/.exec(disposition ?? "")?.[1];
  return name ? name.slice(-255) : `attachment-${index + 1}`;
}

class CopyRefused extends Error {}

/** A test's window into the keeper (OutboundOverrides.mediaKeeperHooks); a no-op in the service. */
export interface MediaKeeperHooks {
  /** Awaited after a message's copies are stored, before the keeper checks the message is still there. */
  afterStored(event: InboundMessageReceived): Promise<void>;
}
export const MEDIA_KEEPER_HOOKS = Symbol("MEDIA_KEEPER_HOOKS");
export const NO_MEDIA_KEEPER_HOOKS: MediaKeeperHooks = { afterStored: async () => undefined };

/**
 * Keeps customers' media (decision 021): for each InboundMessageReceived with media, copies every
 * item from Twilio with the channel's own credentials, from Twilio's hosts only (fetchTwilioMedia:
 * the Media resource of the channel's account, or TWILIO_API_BASE_URL's host), into the media
 * Object Store, then appends InboundMediaStored, signed by the outbound. A copy that fails comes
 * back with a growing delay and is counted; meanwhile the web's proxy still serves Twilio's copy.
 * Object ids are derived from the org, the MessageSid and the index, so a redelivery overwrites.
 *
 * A contact may be erased while a copy is being made (docs/decisions/010, "Stored media"): after
 * storing, the keeper checks that its message is still in the stream, and if erasure has erased
 * it meanwhile, erases the copies it stored (and records nothing). Erasure erases the events
 * first and the objects after, deriving the ids from the messages: one of the two always sees the
 * other's write, so no copy outlives its contact.
 */
@Injectable()
export class MediaKeeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private messages: ConsumerMessages | undefined;
  private stopped = false;
  private loop: Promise<void> | undefined;
  readonly copies: Counter<"outcome">;

  constructor(
    @Inject(ServiceNats) private readonly nats: ServiceNats,
    @Inject(ChannelRegistry) private readonly channels: ChannelRegistry,
    @Inject(OUTBOUND_ENV) private readonly env: OutboundEnv,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Registry) registry: Registry,
    @Inject(MEDIA_KEEPER_HOOKS) private readonly hooks: MediaKeeperHooks,
  ) {
    this.copies = new Counter({
      name: "outbound_media_copies_total",
      help: "Inbound messages whose media the keeper copied (kept), will retry (failed), left to the proxy (gave_up), could not fetch from Twilio's hosts (refused) or erased again because the message was erased meanwhile (erased)",
      labelNames: ["outcome"],
      registers: [registry],
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const { jsm, names } = this.nats;
    const config = {
      durable_name: MEDIA_KEEPER_CONSUMER,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: names.eventsSubjects,
      ack_wait: nanos(120_000),
      max_ack_pending: 16,
      max_deliver: -1,
    };
    const existing = await jsm.consumers.info(names.eventsStream, MEDIA_KEEPER_CONSUMER).catch(() => undefined);
    if (existing) await jsm.consumers.update(names.eventsStream, MEDIA_KEEPER_CONSUMER, config);
    else await jsm.consumers.add(names.eventsStream, config);
    this.loop = this.consumeLoop();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.messages?.stop();
    await this.loop;
  }

  private async consumeLoop(): Promise<void> {
    const { js, names } = this.nats;
    while (!this.stopped) {
      try {
        const consumer = await js.consumers.get(names.eventsStream, MEDIA_KEEPER_CONSUMER);
        this.messages = await consumer.consume(livePull(16));
        if (this.stopped) {
          this.messages.stop();
          break;
        }
        for await (const message of this.messages) await this.handle(message);
      } catch (error) {
        this.logger.error("media keeper stopped; restarting", errorContext(error));
      }
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  private async handle(message: JsMsg): Promise<void> {
    let event: ReturnType<typeof openEvent>;
    try {
      event = openEvent(message.data, headerLookupOf(message.headers), this.env.EVENT_PUBLIC_KEYS);
    } catch {
      // The projector quarantines what does not verify; the keeper has nothing to copy from it.
      message.ack();
      return;
    }
    if (event.type !== "InboundMessageReceived" || event.media.length === 0) {
      message.ack();
      return;
    }
    const context = { orgId: event.orgId, messageSid: event.messageSid, seq: message.seq };
    const copied: MediaObjectRef[] = [];
    try {
      const outcome = await this.copy(event, copied).then(
        (kept) => ({ kept }),
        (error: unknown) => ({ error }),
      );
      if (copied.length > 0) {
        await this.hooks.afterStored(event);
        if (await this.erasedMeanwhile(message.seq, copied)) {
          this.copies.inc({ outcome: "erased" });
          this.logger.info("media copy erased: its message was erased while it was stored (decision 010)", {
            ...context,
            items: copied.length,
          });
          message.ack();
          return;
        }
      }
      if ("error" in outcome) throw outcome.error;
      if (outcome.kept) await appendSigned(this.nats.js, this.nats.names, outcome.kept, this.env.OUTBOUND_SIGNING_KEY);
      this.copies.inc({ outcome: outcome.kept ? "kept" : "refused" });
      message.ack();
    } catch (error) {
      const deliveries = message.info.deliveryCount;
      if (deliveries >= MAX_COPY_DELIVERIES) {
        this.copies.inc({ outcome: "gave_up" });
        this.logger.error("media not kept after every retry; the web's proxy serves Twilio's copy", {
          ...context,
          deliveries,
          ...errorContext(error),
        });
        message.term();
        return;
      }
      this.copies.inc({ outcome: "failed" });
      const delayMs = copyRetryDelayMs(deliveries);
      this.logger.warn("media copy failed; retrying", { ...context, deliveries, delayMs, ...errorContext(error) });
      message.nak(delayMs);
    }
  }

  /**
   * Whether erasure erased the message (stream sequence `seq`) while its copies were stored: then
   * erases them as erasure would (overwritten on disk). Asked after storing, so either this sees
   * the message gone or erasure, which erases the message before the objects, sees the copies.
   */
  private async erasedMeanwhile(seq: number, copied: MediaObjectRef[]): Promise<boolean> {
    const { jsm, names } = this.nats;
    if (await jsm.streams.getMessage(names.eventsStream, { seq })) return false;
    const store = await this.nats.mediaStore();
    for (const ref of copied) await eraseMediaObject(jsm, names, store, ref);
    return true;
  }

  /**
   * Copies every item, naming each object in `copied` once stored; undefined when no item may be
   * fetched (not Twilio's host, no such channel).
   */
  private async copy(event: InboundMessageReceived, copied: MediaObjectRef[]): Promise<InboundMediaStored | undefined> {
    const lookup = lookupChannel(this.channels, event.to);
    if (lookup.kind !== "found" || lookup.channel.orgId !== event.orgId) {
      if (lookup.kind === "unreadable") throw new Error("the channel's credentials cannot be opened");
      this.logger.warn("media not kept: no channel of this org for the number", {
        orgId: event.orgId,
        messageSid: event.messageSid,
      });
      return undefined;
    }
    const { accountSid, authToken } = lookup.channel;
    const store = await this.nats.mediaStore();
    const items: (StoredMedia & { index: number })[] = [];
    for (const [index, item] of event.media.entries()) {
      const response = await fetchTwilioMedia(item.url, { accountSid, authToken }, this.env.TWILIO_API_BASE_URL);
      if (!response) {
        this.logger.warn("media not kept: its URL is not Twilio media of the channel's account", {
          orgId: event.orgId,
          messageSid: event.messageSid,
          index,
        });
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new CopyRefused(`Twilio answered ${response.status} for media ${index}`);
      }
      const data = new Uint8Array(await response.arrayBuffer());
      const mediaId = inboundMediaIdFor(event.orgId, event.messageSid, index);
      const kept = await store.put(
        event.orgId,
        {
          mediaId,
          contentType:
            (response.headers.get("content-type") ?? item.contentType).split(";")[0]?.trim() || item.contentType,
          size: data.length,
          name: fileNameOf(response.headers.get("content-disposition"), index),
        },
        data,
      );
      copied.push({ orgId: event.orgId, mediaId });
      items.push({ ...kept, index });
    }
    if (items.length === 0) return undefined;
    const now = this.clock().toISOString();
    return {
      type: "InboundMediaStored",
      version: 1,
      eventId: eventIdFor("media", `${event.orgId}:${event.messageSid}`),
      orgId: event.orgId,
      occurredAt: now,
      channelId: event.channelId,
      conversationId: event.conversationId,
      messageSid: event.messageSid,
      items,
      storedAt: now,
    };
  }
}
