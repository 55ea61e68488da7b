import { MAX_VCARD_BYTES, parseVCard } from "@cloudpa/contracts";
import type { Account } from "#app/accounts/accounts.server.ts";
import { proxyMedia } from "#app/media/media-proxy.server.ts";
import type { WebContext } from "#app/web-context.server.ts";

/**
 * A shared contact's vCard (media item `index` of a message of the account's org, read as the
 * media route reads it: same checks, same answers when it cannot be) parsed into names and
 * numbers: `{ contacts: [{ name, numbers: [{ number, type? }] }] }`.
 */
export async function sharedContactsOf(
  web: WebContext,
  account: Account,
  messageId: string,
  index: number,
): Promise<Response> {
  const media = await proxyMedia(web, account, messageId, index);
  if (!media.ok) return media;
  const type = media.headers.get("content-type") ?? "";
  if (!/^text\/(x-)?vcard\b/i.test(type)) {
    await media.body?.cancel();
    return new Response("This media is not a contact card", { status: 415 });
  }
  const text = await readCapped(media, MAX_VCARD_BYTES);
  if (text === undefined) return new Response("This contact card is too large", { status: 413 });
  return Response.json({ contacts: parseVCard(text) }, { headers: { "cache-control": "no-store" } });
}

async function readCapped(response: Response, limit: number): Promise<string | undefined> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
