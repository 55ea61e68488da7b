import { messagesPath } from "../messages-api/message-json.js";
import { rfc2822 } from "../rfc2822-date.js";
import type { SimMedia, SimMessage } from "../sim-state.js";

export function mediaPath(message: SimMessage, media?: SimMedia): string {
  const list = `${messagesPath(message.accountSid)}/${message.sid}/Media`;
  return media ? `${list}/${media.sid}` : list;
}

/** A Media resource (`api.v2010.account.message.media`). */
export function mediaJson(message: SimMessage, media: SimMedia) {
  return {
    account_sid: message.accountSid,
    content_type: media.contentType,
    date_created: rfc2822(media.dateCreated),
    date_updated: rfc2822(media.dateCreated),
    parent_sid: message.sid,
    sid: media.sid,
    uri: `${mediaPath(message, media)}.json`,
  };
}

/** The Media list of a message, one page (a message has at most ten). */
export function mediaListJson(message: SimMessage, search: URLSearchParams) {
  const pageSize = Math.min(Math.max(Number(search.get("PageSize") ?? "50") || 50, 1), 1000);
  const uri = `${mediaPath(message)}.json?PageSize=${pageSize}&Page=0`;
  const items = message.media.slice(0, pageSize);
  return {
    first_page_uri: uri,
    end: Math.max(items.length - 1, 0),
    media_list: items.map((media) => mediaJson(message, media)),
    next_page_uri: null,
    page: 0,
    page_size: pageSize,
    previous_page_uri: null,
    start: 0,
    uri,
  };
}
