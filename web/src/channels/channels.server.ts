import { randomUUID } from "node:crypto";
import {
  type ChannelConnected,
  type ChannelDisconnected,
  type ChannelRecord,
  channelIdFor,
  channelKeyOf,
  channelRecordSchema,
  sealSecret,
  twilioSid,
} from "@cloudpa/contracts";
import { appendSigned } from "@cloudpa/kit";
import { z } from "zod";
import type { Account } from "../accounts/accounts.ts";
import type { WebContext } from "../web-context.server.ts";
import { checkTwilioCredentials } from "./twilio-credentials.server.ts";

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
    .pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, "Write the number with its country code, like +14155238886")),
  displayName: z.string().trim().max(60).optional(),
});
export type ConnectChannel = z.infer<typeof connectChannelSchema>;

export type ConnectOutcome =
  | { kind: "connected"; channelId: string; externalPhoneId: string }
  | { kind: "credentials_rejected" }
  | { kind: "twilio_unreachable"; detail: string }
  | { kind: "number_taken" };

function decode(entry: { value: Uint8Array } | null): ChannelRecord | undefined {
  if (!entry || entry.value.length === 0) return undefined;
  const parsed = channelRecordSchema.safeParse(JSON.parse(new TextDecoder().decode(entry.value)));
  return parsed.success ? parsed.data : undefined;
}

/**
 * Connects a Twilio WhatsApp number to the account's org: checks the token with Twilio,
 * stores it sealed in the KV registry (what ingress and outbound read), and appends
 * ChannelConnected (what the projector shows). The token is never returned or logged.
 */
export async function connectChannel(
  web: WebContext,
  account: Account,
  input: ConnectChannel,
  now: Date = new Date(),
): Promise<ConnectOutcome> {
  const externalPhoneId = `whatsapp:${input.number}`;
  const key = channelKeyOf(externalPhoneId);
  const existing = decode(await web.kv.get(key));
  if (existing && existing.orgId !== account.orgId && existing.isActive) return { kind: "number_taken" };

  const check = await checkTwilioCredentials(web.env.TWILIO_API_BASE_URL, input.accountSid, input.authToken);
  if (!check.ok)
    return check.reason === "rejected"
      ? { kind: "credentials_rejected" }
      : { kind: "twilio_unreachable", detail: check.detail };

  const channelId = channelIdFor(account.orgId, externalPhoneId);
  const record: ChannelRecord = {
    channelId,
    orgId: account.orgId,
    provider: "twilio_whatsapp",
    externalPhoneId,
    accountSid: input.accountSid,
    authTokenSealed: sealSecret(input.authToken, web.env.CREDENTIALS_KEY, channelId),
    isActive: true,
    updatedAt: now.toISOString(),
  };
  await web.kv.put(key, JSON.stringify(record));
  const event: ChannelConnected = {
    type: "ChannelConnected",
    version: 1,
    eventId: randomUUID(),
    orgId: account.orgId,
    occurredAt: now.toISOString(),
    channelId,
    provider: "twilio_whatsapp",
    externalPhoneId,
    accountSid: input.accountSid,
    ...(input.displayName ? { displayName: input.displayName } : {}),
    connectedBy: account.userId,
  };
  await appendSigned(web.js, web.names, event, web.env.WEB_SIGNING_KEY);
  web.logger.info("channel connected", { orgId: account.orgId, channelId });
  return { kind: "connected", channelId, externalPhoneId };
}

/** The registry record of a number, when it belongs to the org. */
export async function channelRecordOf(
  web: WebContext,
  orgId: string,
  externalPhoneId: string,
): Promise<ChannelRecord | undefined> {
  const record = decode(await web.kv.get(channelKeyOf(externalPhoneId)));
  return record?.orgId === orgId ? record : undefined;
}

/** Deactivates a channel of the org: the registry stops routing it, and ChannelDisconnected is appended. */
export async function disconnectChannel(
  web: WebContext,
  account: Account,
  externalPhoneId: string,
  now: Date = new Date(),
): Promise<boolean> {
  const record = await channelRecordOf(web, account.orgId, externalPhoneId);
  if (!record) return false;
  await web.kv.put(
    channelKeyOf(externalPhoneId),
    JSON.stringify({ ...record, isActive: false, updatedAt: now.toISOString() } satisfies ChannelRecord),
  );
  const event: ChannelDisconnected = {
    type: "ChannelDisconnected",
    version: 1,
    eventId: randomUUID(),
    orgId: account.orgId,
    occurredAt: now.toISOString(),
    channelId: record.channelId,
    disconnectedBy: account.userId,
  };
  await appendSigned(web.js, web.names, event, web.env.WEB_SIGNING_KEY);
  web.logger.info("channel disconnected", { orgId: account.orgId, channelId: record.channelId });
  return true;
}
