import { type ChannelRecord, channelKeyOf } from "@cloudpa/contracts";
import { type Channel, envChannelOf } from "@cloudpa/kit";
import type { WebContext } from "#app/web-context.server.ts";
import { openedAuthTokenOf } from "./channel-credentials.server.ts";
import { deregisterChannel, registerChannel, registryRecordAt, registryRecordOf } from "./channels.server.ts";

/** Who connects and disconnects the env channel (ChannelConnected.connectedBy, ChannelDisconnected.disconnectedBy). */
export const ENVIRONMENT = "environment";

export type EnvChannelRegistration =
  /** The env configures no channel (no TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN). */
  | { kind: "none" }
  | { kind: "registered"; channelId: string }
  /** The registry already holds the env channel as the env describes it. */
  | { kind: "unchanged"; channelId: string }
  /** Another org's active channel has the number: it is not taken from it. */
  | { kind: "held_by_another_org"; orgId: string };

/** The channel id of the env channel, when the env configures one (the channels page marks it). */
export function envChannelIdOf(web: WebContext): string | undefined {
  return envChannelOf(web.env)?.channelId;
}

/**
 * Makes the registry say what the env says, at the web's start: the number of TWILIO_WHATSAPP_FROM
 * becomes a connected channel of the default org through the same registration as a number a
 * freelancer connects (so the inbox, the channels page, the API, ingress and outbound all see it as
 * connected), and an env channel the env no longer names is disconnected. The operator's env is
 * trusted: no ownership check with Twilio, which may be unreachable while the product starts.
 */
export async function registerEnvChannel(web: WebContext, now: Date = new Date()): Promise<EnvChannelRegistration> {
  const envChannel = envChannelOf(web.env);
  if (!envChannel && (web.env.TWILIO_AUTH_TOKEN || web.env.TWILIO_ACCOUNT_SID))
    web.logger.warn("TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN must both be set for the env's number to be a channel");
  const currentKey = envChannel ? channelKeyOf(envChannel.number) : undefined;
  for await (const key of await web.kv.keys()) {
    if (key === currentKey) continue;
    const record = await registryRecordAt(web, key);
    if (record?.configuredBy === "environment" && record.isActive)
      await deregisterChannel(web, record, ENVIRONMENT, now);
  }
  if (!envChannel) return { kind: "none" };

  const existing = await registryRecordOf(web, envChannel.number);
  if (existing?.isActive && existing.orgId !== envChannel.orgId) {
    web.logger.error("the env channel's number is connected to another org; not registering it", {
      orgId: existing.orgId,
      channelId: existing.channelId,
    });
    return { kind: "held_by_another_org", orgId: existing.orgId };
  }
  if (existing?.isActive && existing.configuredBy === "environment" && describes(existing, envChannel, web))
    return { kind: "unchanged", channelId: existing.channelId };

  const record = await registerChannel(
    web,
    {
      orgId: envChannel.orgId,
      externalPhoneId: envChannel.number,
      accountSid: envChannel.accountSid,
      authToken: envChannel.authToken,
      connectedBy: ENVIRONMENT,
      configuredBy: "environment",
    },
    now,
  );
  return { kind: "registered", channelId: record.channelId };
}

/** Whether a registry record holds the env channel's account and token (a token sealed with another key does not). */
function describes(record: ChannelRecord, envChannel: Channel, web: WebContext): boolean {
  return record.accountSid === envChannel.accountSid && openedAuthTokenOf(web, record) === envChannel.authToken;
}
