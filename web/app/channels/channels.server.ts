import { randomUUID } from "node:crypto";
import {
  type ChannelConnected,
  type ChannelDisconnected,
  type ChannelRecord,
  channelIdFor,
  channelKeyOf,
  channelRecordSchema,
  E164_NUMBER,
  sealSecret,
  TWILIO_WHATSAPP_SANDBOX,
  twilioSid,
} from "@cloudpa/contracts";
import { appendSigned } from "@cloudpa/kit";
import { z } from "zod";
import type { Account } from "#app/accounts/accounts.server.ts";
import type { WebContext } from "#app/web-context.server.ts";
import { checkNumberWithTwilio } from "./twilio-credentials.server.ts";

/** The connect form; the same schema checks the browser's fields and the server's. */
export const connectChannelSchema = z.object({
  accountSid: z
    .string()
    .trim()
    .pipe(twilioSid.refine((v) => v.startsWith("AC"), "An account SID starts with AC")),
  authToken: z.string().trim().min(16, "Paste the auth token from Twilio's console").max(128),
  number: z
    .string()
    .trim()
    .transform((v) => v.replace(/^whatsapp:/i, "").replace(/[\s()-]/g, ""))
    .pipe(z.string().regex(E164_NUMBER, "Write the number with its country code, like +14155238886")),
  displayName: z.string().trim().max(60).optional(),
});
export type ConnectChannel = z.infer<typeof connectChannelSchema>;

/** Who disconnected a channel whose number its owner connected elsewhere (ChannelDisconnected.disconnectedBy). */
export const NUMBER_OWNER = "number-owner";

export type ConnectOutcome =
  | { kind: "connected"; channelId: string; externalPhoneId: string }
  | { kind: "credentials_rejected" }
  | { kind: "number_not_owned" }
  | { kind: "twilio_unreachable"; detail: string }
  | { kind: "number_taken" }
  | { kind: "configured_by_environment" };

function decode(entry: { value: Uint8Array } | null): ChannelRecord | undefined {
  if (!entry || entry.value.length === 0) return undefined;
  const parsed = channelRecordSchema.safeParse(JSON.parse(new TextDecoder().decode(entry.value)));
  return parsed.success ? parsed.data : undefined;
}

/** The registry record under a KV key, whoever holds it. */
export async function registryRecordAt(web: WebContext, key: string): Promise<ChannelRecord | undefined> {
  return decode(await web.kv.get(key));
}

/** The registry record of a number, whoever holds it. */
export function registryRecordOf(web: WebContext, externalPhoneId: string): Promise<ChannelRecord | undefined> {
  return registryRecordAt(web, channelKeyOf(externalPhoneId));
}

/** A channel to register: what the registry serves and ChannelConnected tells. */
export interface ChannelRegistration {
  orgId: string;
  externalPhoneId: string;
  accountSid: string;
  authToken: string;
  displayName?: string | undefined;
  /** The user who connected it, or "environment" for the env channel. */
  connectedBy: string;
  configuredBy?: ChannelRecord["configuredBy"];
}

/**
 * Registers a channel, the one way every channel becomes connected (a freelancer's and the env
 * channel alike): ChannelConnected (what the projector shows), then the sealed record in the KV
 * registry (what ingress and outbound serve). The event goes first so that a crash between the two
 * leaves a registry that does not match yet, which the next attempt repairs.
 */
export async function registerChannel(
  web: WebContext,
  registration: ChannelRegistration,
  now: Date,
): Promise<ChannelRecord> {
  const { orgId, externalPhoneId, accountSid } = registration;
  const channelId = channelIdFor(orgId, externalPhoneId);
  const record: ChannelRecord = channelRecordSchema.parse({
    channelId,
    orgId,
    provider: "twilio_whatsapp",
    externalPhoneId,
    accountSid,
    authTokenSealed: sealSecret(registration.authToken, web.env.CREDENTIALS_KEY, channelId),
    isActive: true,
    updatedAt: now.toISOString(),
    ...(registration.configuredBy ? { configuredBy: registration.configuredBy } : {}),
  });
  const event: ChannelConnected = {
    type: "ChannelConnected",
    version: 1,
    eventId: randomUUID(),
    orgId,
    occurredAt: now.toISOString(),
    channelId,
    provider: "twilio_whatsapp",
    externalPhoneId,
    accountSid,
    ...(registration.displayName ? { displayName: registration.displayName } : {}),
    connectedBy: registration.connectedBy,
  };
  await appendSigned(web.js, web.names, event, web.env.WEB_SIGNING_KEY);
  await web.kv.put(channelKeyOf(externalPhoneId), JSON.stringify(record));
  web.logger.info("channel connected", { orgId, channelId, configuredBy: registration.configuredBy ?? "freelancer" });
  return record;
}

/** Deactivates a registered channel: the registry stops routing it, and ChannelDisconnected is appended. */
export async function deregisterChannel(
  web: WebContext,
  record: ChannelRecord,
  disconnectedBy: string,
  now: Date,
): Promise<void> {
  const event: ChannelDisconnected = {
    type: "ChannelDisconnected",
    version: 1,
    eventId: randomUUID(),
    orgId: record.orgId,
    occurredAt: now.toISOString(),
    channelId: record.channelId,
    disconnectedBy,
  };
  await appendSigned(web.js, web.names, event, web.env.WEB_SIGNING_KEY);
  await web.kv.put(
    channelKeyOf(record.externalPhoneId),
    JSON.stringify({ ...record, isActive: false, updatedAt: now.toISOString() } satisfies ChannelRecord),
  );
  web.logger.info("channel disconnected", { orgId: record.orgId, channelId: record.channelId });
}

/**
 * Connects a Twilio WhatsApp number to the account's org: checks with Twilio that the token is the
 * account's and the number is the account's own (a number of someone else's account would block its
 * owner), then registers it. The token is never returned or logged.
 */
export async function connectChannel(
  web: WebContext,
  account: Account,
  input: ConnectChannel,
  now: Date = new Date(),
): Promise<ConnectOutcome> {
  const externalPhoneId = `whatsapp:${input.number}`;
  const existing = await registryRecordOf(web, externalPhoneId);
  if (existing?.isActive && existing.configuredBy === "environment") return { kind: "configured_by_environment" };
  const heldByAnotherOrg = existing?.isActive === true && existing.orgId !== account.orgId;
  // Only the owner can displace another org's channel: the sandbox has none, and one account's numbers
  // are shared by the orgs that use that account.
  if (heldByAnotherOrg && (externalPhoneId === TWILIO_WHATSAPP_SANDBOX || existing.accountSid === input.accountSid))
    return { kind: "number_taken" };

  const check = await checkNumberWithTwilio(web.env.TWILIO_API_BASE_URL, input);
  if (!check.ok) {
    web.logger.info("channel not connected", { orgId: account.orgId, reason: check.reason, detail: check.detail });
    switch (check.reason) {
      case "rejected":
        return { kind: "credentials_rejected" };
      case "not_owned":
        return { kind: "number_not_owned" };
      case "unreachable":
        return { kind: "twilio_unreachable", detail: check.detail };
      default: {
        const unhandled: never = check.reason;
        throw new Error(`unknown check outcome ${unhandled}`);
      }
    }
  }

  if (heldByAnotherOrg) {
    // Twilio says the number is this account's, so the other org's channel (connected before
    // ownership was checked, or before the number moved accounts) no longer holds it.
    web.logger.warn("number taken over by its owner", { orgId: existing.orgId, channelId: existing.channelId });
    await deregisterChannel(web, existing, NUMBER_OWNER, now);
  }
  const record = await registerChannel(
    web,
    {
      orgId: account.orgId,
      externalPhoneId,
      accountSid: input.accountSid,
      authToken: input.authToken,
      displayName: input.displayName,
      connectedBy: account.userId,
    },
    now,
  );
  return { kind: "connected", channelId: record.channelId, externalPhoneId };
}

/** The registry record of a number, when it belongs to the org. */
export async function channelRecordOf(
  web: WebContext,
  orgId: string,
  externalPhoneId: string,
): Promise<ChannelRecord | undefined> {
  const record = await registryRecordOf(web, externalPhoneId);
  return record?.orgId === orgId ? record : undefined;
}

export type DisconnectOutcome = "disconnected" | "not_found" | "configured_by_environment";

/** Deactivates a channel of the org. The env channel is the server's configuration, not the freelancer's to remove. */
export async function disconnectChannel(
  web: WebContext,
  account: Account,
  externalPhoneId: string,
  now: Date = new Date(),
): Promise<DisconnectOutcome> {
  const record = await channelRecordOf(web, account.orgId, externalPhoneId);
  if (!record) return "not_found";
  if (record.configuredBy === "environment" && record.isActive) return "configured_by_environment";
  await deregisterChannel(web, record, account.userId, now);
  return "disconnected";
}
