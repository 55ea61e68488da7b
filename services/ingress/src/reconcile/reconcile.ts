import {
  type InboundMessageReceived,
  type IngressEnv,
  legacyInboundMsgIdOf,
  msgIdOf,
  subjectOf,
} from "@cloudpa/contracts";
import {
  appendSigned,
  type Channel,
  ChannelRegistry,
  envChannelOf,
  errorContext,
  type Logger,
  ServiceNats,
} from "@cloudpa/kit";
import type { FormParams } from "../webhook/form-body.js";
import { inboundMessageFrom } from "../webhook/receive-inbound/inbound-message.js";
import { storedMessageIds } from "./stored-message-ids.js";
import { type TwilioClient, twilioClientFor } from "./twilio-api-client.js";

export interface ChannelReconciliation {
  channelId: string;
  orgId: string;
  number: string;
  /** Inbound messages Twilio lists for the period. */
  listed: number;
  /** Of those, the ones the stream lacked. */
  missing: number;
  appended: number;
  /** Missing messages left for the next run (their media could not be listed). */
  failed: number;
  /** Why the channel could not be reconciled, if it could not. */
  skipped?: string;
}

export interface Reconciliation {
  since: string;
  channels: ChannelReconciliation[];
  missing: number;
  appended: number;
  failed: number;
}

type ListedMessage = Awaited<ReturnType<TwilioClient["messages"]["list"]>>[number];

function webhookParamsWithoutMedia(message: ListedMessage): FormParams {
  return {
    MessageSid: message.sid,
    AccountSid: message.accountSid,
    From: message.from,
    To: message.to,
    Body: message.body ?? "",
    NumMedia: message.numMedia ?? "0",
    NumSegments: message.numSegments ?? "1",
  };
}

/**
 * A listed message as the webhook would have carried it, so the webhook's own function makes
 * the event. Undefined when its media cannot be listed: appending it without would lose the
 * media for good (the MessageSid dedupe keeps the first version), so it waits for the next run.
 */
async function webhookParamsOf(
  message: ListedMessage,
  client: TwilioClient,
  logger: Logger,
): Promise<FormParams | undefined> {
  const params = webhookParamsWithoutMedia(message);
  if (Number(message.numMedia) > 0) {
    try {
      const media = await client.messages(message.sid).media.list({ limit: 10 });
      media.forEach((item, index) => {
        // A media resource's uri ends in `.json`; without it the URL serves the file, as MediaUrlN does.
        params[`MediaUrl${index}`] = `https://api.twilio.com${item.uri.replace(/\.json$/, "")}`;
        params[`MediaContentType${index}`] = item.contentType;
      });
    } catch (error) {
      logger.warn("could not list a lost message's media; leaving it for the next run", {
        messageSid: message.sid,
        ...errorContext(error),
      });
      return undefined;
    }
  }
  return params;
}

export interface ReconcileOptions {
  /** Messages per Messages API page (Twilio allows up to 1000). */
  pageSize?: number;
}

async function reconcileChannel(
  channel: Channel,
  since: Date,
  env: IngressEnv,
  nats: ServiceNats,
  logger: Logger,
  options: ReconcileOptions,
): Promise<ChannelReconciliation> {
  const report = { channelId: channel.channelId, orgId: channel.orgId, number: channel.number };
  const log = logger.child({ orgId: channel.orgId, channelId: channel.channelId });
  if (!channel.accountSid) {
    return {
      ...report,
      listed: 0,
      missing: 0,
      appended: 0,
      failed: 0,
      skipped: "no account SID (set TWILIO_ACCOUNT_SID)",
    };
  }
  const client = twilioClientFor(
    { accountSid: channel.accountSid, authToken: channel.authToken },
    env.TWILIO_API_BASE_URL,
  );
  const listed = (
    await client.messages.list({ to: channel.number, dateSentAfter: since, pageSize: options.pageSize ?? 1000 })
  ).filter((message) => message.direction === "inbound");

  const storedBySubject = new Map<string, Set<string>>();
  const isStored = async (event: InboundMessageReceived) => {
    const subject = subjectOf(nats.names, event);
    let stored = storedBySubject.get(subject);
    if (!stored) {
      // Its subject now, and the one without the partition token of a stream from before
      // partitions (docs/decisions/019): a message stored then is stored.
      const legacy = nats.names.legacyConversationEventSubject(event.orgId, event.conversationId, "inbound_received");
      const [current, before] = await Promise.all(
        [subject, legacy].map((on) => storedMessageIds(nats.js, nats.jsm, nats.names.eventsStream, on)),
      );
      stored = new Set([...(current ?? []), ...(before ?? [])]);
      storedBySubject.set(subject, stored);
    }
    // A message stored before ids carried the org keeps its old id (decision 006).
    return stored.has(msgIdOf(event)) || stored.has(legacyInboundMsgIdOf(event));
  };

  let missing = 0;
  let appended = 0;
  let failed = 0;
  for (const message of listed) {
    // Twilio's own time of receipt stands in for the webhook that never reached the ingress.
    const receivedAt = message.dateCreated ?? message.dateSent ?? new Date();
    const bare = inboundMessageFrom(webhookParamsWithoutMedia(message), channel, receivedAt);
    if (!bare.ok) {
      log.warn("a listed message cannot become an event", { messageSid: message.sid, reason: bare.problem.reason });
      failed++;
      continue;
    }
    if (await isStored(bare.event)) continue;
    missing++;
    const params = await webhookParamsOf(message, client, log);
    const decision = params ? inboundMessageFrom(params, channel, receivedAt) : undefined;
    if (!decision?.ok) {
      failed++;
      continue;
    }
    const ack = await appendSigned(nats.js, nats.names, decision.event, env.INGRESS_SIGNING_KEY, {
      timeoutMs: Math.max(env.PUBLISH_TIMEOUT_MS, 5000),
      stream: nats.names.eventsStream,
    });
    storedBySubject.get(subjectOf(nats.names, decision.event))?.add(msgIdOf(decision.event));
    if (!ack.duplicate) appended++;
    log.info("reconciled a lost inbound message", {
      messageSid: decision.event.messageSid,
      streamSequence: ack.seq,
      duplicate: ack.duplicate,
    });
  }
  return { ...report, listed: listed.length, missing, appended, failed };
}

/**
 * Brings inbound messages whose webhooks were lost (an outage, a 4xx during a bad deploy)
 * into the stream: lists each active channel's inbound messages since `since` from Twilio's
 * Messages API and appends those the stream lacks. Safe to run any time: the stream is
 * checked first, and the Nats-Msg-Id drops anything appended meanwhile.
 */
export async function reconcile(
  env: IngressEnv,
  since: Date,
  logger: Logger,
  options: ReconcileOptions = {},
): Promise<Reconciliation> {
  const nats = await ServiceNats.connect(env, { clientName: "cloudpa-ingress-reconcile", logger });
  try {
    const registry = await ChannelRegistry.start(await nats.bucket(nats.names.channelsBucket), {
      credentialsKey: env.CREDENTIALS_KEY,
      envChannel: envChannelOf(env),
      logger,
      watch: false,
    });
    const channels: ChannelReconciliation[] = [];
    for (const channel of registry.activeChannels()) {
      try {
        channels.push(await reconcileChannel(channel, since, env, nats, logger, options));
      } catch (error) {
        logger.error("could not reconcile a channel", {
          orgId: channel.orgId,
          channelId: channel.channelId,
          ...errorContext(error),
        });
        channels.push({
          channelId: channel.channelId,
          orgId: channel.orgId,
          number: channel.number,
          listed: 0,
          missing: 0,
          appended: 0,
          failed: 0,
          skipped: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return {
      since: since.toISOString(),
      channels,
      missing: channels.reduce((sum, c) => sum + c.missing, 0),
      appended: channels.reduce((sum, c) => sum + c.appended, 0),
      failed: channels.reduce((sum, c) => sum + c.failed, 0),
    };
  } finally {
    await nats.close();
  }
}
