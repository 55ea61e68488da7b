import { isUuid, MAX_MEDIA_ITEMS, type MediaItem } from "@cloudpa/contracts";
import { fetchTwilioMedia } from "@cloudpa/kit/twilio";
import { quotedSchema } from "@cloudpa/read-model";
import type { Account } from "#app/accounts/accounts.server.ts";
import { channelCredentialsOf } from "#app/channels/channel-credentials.server.ts";
import type { WebContext } from "#app/web-context.server.ts";
import { mediaStoreOf } from "./media-store.server.ts";

export { fetchTwilioMedia };

/** Serves media item `index` of a message of the account's org; 400 for a malformed id or index, else 404. */
export async function proxyMedia(
  web: WebContext,
  account: Account,
  messageId: string,
  index: number,
): Promise<Response> {
  const notFound = () => new Response("Not found", { status: 404 });
  if (!isUuid(messageId)) return new Response("The media's message id is not a UUID", { status: 400 });
  if (!Number.isInteger(index) || index < 0 || index >= MAX_MEDIA_ITEMS)
    return new Response(`The media index is not a whole number from 0 to ${MAX_MEDIA_ITEMS - 1}`, { status: 400 });
  const s = quotedSchema(web.readModelSchema);
  const { rows } = await web.db.query<{ media: MediaItem[]; external_phone_id: string | null }>(
    `SELECT m.media, a.external_phone_id
       FROM ${s}.message m
       JOIN ${s}.conversation c ON c.id = m.conversation_id AND c.org_id = m.org_id
       LEFT JOIN ${s}.chat_account a ON a.id = c.chat_account_id
      WHERE m.id = $1 AND m.org_id = $2`,
    [messageId, account.orgId],
  );
  const row = rows[0];
  const item = row?.media[index];
  if (!row || !item) return notFound();
  // A file of the media Object Store (a reply's, or an inbound item once kept): served from there,
  // never fetched from Twilio again (decision 021).
  if (item.mediaId) return serveStoredMedia(web, account.orgId, item.mediaId, index);
  const credentials = await channelCredentialsOf(web, account.orgId, row.external_phone_id);
  if (!credentials) return new Response("This channel's credentials are not available", { status: 502 });
  let upstream: Response | undefined;
  try {
    upstream = await fetchTwilioMedia(item.url, credentials, web.env.TWILIO_API_BASE_URL);
  } catch (error) {
    web.logger.warn("media fetch failed", { orgId: account.orgId, messageId, error: (error as Error).message });
    return new Response("Twilio did not answer", { status: 502 });
  }
  if (!upstream) {
    web.logger.warn("media URL refused: not Twilio media of this channel's account", {
      orgId: account.orgId,
      messageId,
    });
    return new Response("This media is not Twilio media of this channel's account", { status: 403 });
  }
  if (!upstream.ok) {
    await upstream.body?.cancel();
    return new Response("Twilio could not serve this media", { status: 502 });
  }
  const contentType = upstream.headers.get("content-type") ?? item.contentType;
  const inline = /^(image|video|audio)\//.test(contentType);
  return new Response(upstream.body, {
    status: 200,
    headers: {
      "content-type": contentType,
      "content-disposition": inline ? "inline" : `attachment; filename="attachment-${index + 1}"`,
      // The bytes are one account's, fetched for its session: no copy stays behind after log-out.
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "content-security-policy": "sandbox; default-src 'none'",
    },
  });
}

async function serveStoredMedia(web: WebContext, orgId: string, mediaId: string, index: number): Promise<Response> {
  const object = await (await mediaStoreOf(web)).get({ orgId, mediaId });
  if (!object) return new Response("Not found", { status: 404 });
  const { contentType, name, size } = object.media;
  const inline = /^(image|video|audio)\//.test(contentType);
  const filename = (name || `attachment-${index + 1}`).replace(/[^A-Za-z0-9._-]+/g, "_");
  return new Response(object.data, {
    status: 200,
    headers: {
      "content-type": contentType,
      "content-length": String(size),
      "content-disposition": inline ? "inline" : `attachment; filename="${filename}"`,
      "cache-control": "private, max-age=3600",
      "x-content-type-options": "nosniff",
      "content-security-policy": "sandbox; default-src 'none'",
    },
  });
}
