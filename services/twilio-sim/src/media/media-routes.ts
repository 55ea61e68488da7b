import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticated } from "../http/account-auth.js";
import { sendJson } from "../http/http-io.js";
import { refuse } from "../messages-api/messages-routes.js";
import { authenticationRefusal, notFoundRefusal } from "../messages-api/twilio-error.js";
import type { SimState } from "../sim-state.js";
import { mediaJson, mediaListJson } from "./media-json.js";

const MEDIA_ROUTE = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\/([^/]+)\/Media(?:\/([^/.]+))?(\.json)?$/;

/**
 * Serves a message's Media subresource with Basic auth, as Twilio does: the list (`Media.json`), one
 * item's JSON (`Media/{Sid}.json`), its bytes with its content type (`Media/{Sid}`), and DELETE.
 */
export function serveMedia(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  api: { state: SimState; accounts: ReadonlyMap<string, string> },
): boolean {
  const route = MEDIA_ROUTE.exec(url.pathname);
  if (!route) return false;
  const [, accountSid = "", messageSid = "", mediaSid, json] = route;
  if (!authenticated(request, accountSid, api.accounts)) {
    refuse(response, authenticationRefusal());
    return true;
  }
  const message = api.state.find(accountSid, messageSid);
  if (!message || (mediaSid === undefined && !json)) {
    refuse(response, notFoundRefusal(url.pathname));
    return true;
  }
  if (mediaSid === undefined) {
    if (request.method !== "GET") refuse(response, notFoundRefusal(url.pathname));
    else sendJson(response, 200, mediaListJson(message, url.searchParams));
    return true;
  }
  const media = message.media.find((item) => item.sid === mediaSid);
  if (!media) {
    refuse(response, notFoundRefusal(url.pathname));
    return true;
  }
  if (request.method === "DELETE") {
    api.state.deleteMedia(message, media.sid);
    response.writeHead(204).end();
    return true;
  }
  if (request.method !== "GET") {
    refuse(response, notFoundRefusal(url.pathname));
    return true;
  }
  if (json) sendJson(response, 200, mediaJson(message, media));
  else sendMediaBytes(response, media);
  return true;
}

export function sendMediaBytes(
  response: ServerResponse,
  media: { contentType: string; data: Buffer; filename?: string },
): void {
  const headers: Record<string, string> = {
    "content-type": media.contentType,
    "content-length": String(media.data.length),
  };
  if (media.filename)
    headers["content-disposition"] = `inline; filename="${media.filename.replace(/["\\\r\n]/g, "_")}"`;
  response.writeHead(200, headers);
  response.end(media.data);
}
