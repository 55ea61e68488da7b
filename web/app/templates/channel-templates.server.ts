import { channelsOfOrg, compiledQuery } from "@cloudpa/read-model";
import { channelCredentialsOf } from "#app/channels/channel-credentials.server.ts";
import type { WebContext } from "#app/web-context.server.ts";
import { fetchTemplates } from "./content-api.server.ts";
import type { ChannelTemplate } from "./template-schemas.ts";

/** A channel of the org, as templates are read and sent through it. */
export interface TemplateChannel {
  id: string;
  /** The number, `whatsapp:+…`. */
  externalPhoneId: string;
  isActive: boolean;
}

export type TemplatesOutcome =
  | { kind: "ok"; templates: ChannelTemplate[]; fetchedAt: Date }
  /** The channel's credentials cannot be had (not the org's, or its token cannot be opened). */
  | { kind: "no_credentials" }
  /** Twilio's Content API did not answer, or refused. */
  | { kind: "unavailable"; message: string };

interface CacheEntry {
  templates: ChannelTemplate[];
  fetchedAt: Date;
}

/**
 * Each channel's templates as Twilio last listed them, kept in this process: the picker reads
 * them without a Twilio call per page view, and a refresh (the Templates page's button, a send
 * naming a template the cache does not have as approved, a template just submitted) reads them
 * again. Keyed by org and channel (decision 006).
 */
const cache = new Map<string, CacheEntry>();
const cacheKey = (orgId: string, channelId: string) => `${orgId}:${channelId}`;

/** The channel's templates, from the cache unless `refresh` or not read yet. */
export async function channelTemplates(
  web: WebContext,
  orgId: string,
  channel: TemplateChannel,
  options: { refresh?: boolean } = {},
): Promise<TemplatesOutcome> {
  const key = cacheKey(orgId, channel.id);
  const cached = cache.get(key);
  if (cached && !options.refresh) return { kind: "ok", ...cached };
  const credentials = await channelCredentialsOf(web, orgId, channel.externalPhoneId);
  if (!credentials) return { kind: "no_credentials" };
  try {
    const entry = { templates: await fetchTemplates(credentials, web.env.TWILIO_API_BASE_URL), fetchedAt: new Date() };
    cache.set(key, entry);
    return { kind: "ok", ...entry };
  } catch (error) {
    const message = (error as Error).message;
    web.logger.warn("Twilio's Content API did not list the templates", {
      orgId,
      channelId: channel.id,
      error: message,
    });
    return { kind: "unavailable", message };
  }
}

/** Forgets a channel's templates, so the next read asks Twilio. */
export function forgetChannelTemplates(orgId: string, channelId: string): void {
  cache.delete(cacheKey(orgId, channelId));
}

export type SendableTemplate =
  | { kind: "found"; template: ChannelTemplate }
  | { kind: "not_sendable"; template?: ChannelTemplate }
  | Exclude<TemplatesOutcome, { kind: "ok" }>;

/**
 * The approved template a send names. One the cache lacks or has unapproved is asked of
 * Twilio again before it is refused: it may have been approved since.
 */
export async function sendableTemplate(
  web: WebContext,
  orgId: string,
  channel: TemplateChannel,
  contentSid: string,
): Promise<SendableTemplate> {
  let listed = await channelTemplates(web, orgId, channel);
  const find = (outcome: TemplatesOutcome) =>
    outcome.kind === "ok" ? outcome.templates.find((template) => template.contentSid === contentSid) : undefined;
  if (listed.kind === "ok" && !find(listed)?.sendable)
    listed = await channelTemplates(web, orgId, channel, { refresh: true });
  if (listed.kind !== "ok") return listed;
  const template = find(listed);
  return template?.sendable ? { kind: "found", template } : { kind: "not_sendable", template };
}

const conversationChannelQuery = compiledQuery((db, values: { conversationId: string; orgId: string }) =>
  db
    .selectFrom("conversation as c")
    .innerJoin("chat_account as a", "a.id", "c.chat_account_id")
    .select(["a.id as id", "a.external_phone_id as externalPhoneId", "a.is_active as isActive"])
    .where("c.id", "=", values.conversationId)
    .where("c.org_id", "=", values.orgId)
    .where("a.org_id", "=", values.orgId),
);

/** The channel (number) of a conversation of the org. */
export async function channelOfConversation(
  web: WebContext,
  orgId: string,
  conversationId: string,
): Promise<TemplateChannel | undefined> {
  const [row] = await conversationChannelQuery(web.db, web.readModelSchema, { conversationId, orgId });
  return row?.externalPhoneId
    ? { id: row.id, externalPhoneId: row.externalPhoneId, isActive: row.isActive }
    : undefined;
}

export type ChosenChannel =
  | { kind: "found"; channel: TemplateChannel }
  | { kind: "not_found" }
  /** The org has several active numbers and the request named none. */
  | { kind: "ambiguous"; count: number };

/** The org's number a new conversation goes from: the one named, or the org's only active one. */
export async function chooseChannel(web: WebContext, orgId: string, channelId?: string): Promise<ChosenChannel> {
  const channels = await channelsOfOrg(web.db, { orgId, schema: web.readModelSchema });
  const usable = channels
    .filter((channel) => channel.isActive && channel.externalPhoneId)
    .map((channel) => ({ id: channel.id, externalPhoneId: channel.externalPhoneId as string, isActive: true }));
  if (channelId) {
    const named = usable.find((channel) => channel.id === channelId);
    return named ? { kind: "found", channel: named } : { kind: "not_found" };
  }
  if (usable.length === 1 && usable[0]) return { kind: "found", channel: usable[0] };
  return usable.length === 0 ? { kind: "not_found" } : { kind: "ambiguous", count: usable.length };
}
