import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { ContentStore } from "../content-api/content-store.js";
import { approvalStatusAt } from "../content-api/content-template.js";
import { authenticated } from "../http/account-auth.js";
import { parseForm, readBody, sendJson } from "../http/http-io.js";
import type { SimClock } from "../sim-clock.js";
import type { SimMessage, SimState } from "../sim-state.js";
import { createMessage } from "./create-message.js";
import { listMessages } from "./list-messages.js";
import { messageJson } from "./message-json.js";
import type { LaterFailure } from "./send-failure.js";
import { authenticationRefusal, notFoundRefusal, type TwilioRefusal } from "./twilio-error.js";

export interface MessagesApi {
  state: SimState;
  /** Account SID → auth token of every account the simulator accepts. */
  accounts: ReadonlyMap<string, string>;
  numbers: readonly string[];
  content: ContentStore;
  clock: SimClock;
  /** Starts the status callbacks of a message the API just accepted. */
  onAccepted(message: SimMessage, laterFailure: LaterFailure | undefined): void;
}

/** WhatsApp's customer service window: free text is delivered within 24 hours of the customer's last message. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

const MESSAGES_ROUTE = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages(?:\/([^/]+))?\.json$/;

export function refuse(response: ServerResponse, refusal: TwilioRefusal): void {
  const challenge = refusal.status === 401 ? { "www-authenticate": 'Basic realm="Twilio API"' } : undefined;
  sendJson(response, refusal.status, refusal.body, challenge);
}

/** Serves the Messages API; answers false when the path is not one of its routes. */
export async function serveMessagesApi(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  api: MessagesApi,
): Promise<boolean> {
  const route = MESSAGES_ROUTE.exec(url.pathname);
  if (!route) return false;
  const accountSid = decodeURIComponent(route[1] ?? "");
  const messageSid = route[2] === undefined ? undefined : decodeURIComponent(route[2]);
  if (!authenticated(request, accountSid, api.accounts)) {
    refuse(response, authenticationRefusal());
    return true;
  }

  if (messageSid !== undefined) {
    const message = request.method === "GET" ? api.state.find(accountSid, messageSid) : undefined;
    if (message) sendJson(response, 200, messageJson(message));
    else refuse(response, notFoundRefusal(url.pathname));
    return true;
  }
  if (request.method === "GET") {
    const listed = listMessages(api.state.messages, accountSid, url.searchParams);
    sendJson(response, listed.status, listed.body);
    return true;
  }
  if (request.method !== "POST") {
    refuse(response, notFoundRefusal(url.pathname));
    return true;
  }

  const form = parseForm(await readBody(request));
  const now = api.clock.now();
  const outcome = createMessage(form, {
    accountSid,
    numbers: api.numbers,
    chosenFailure: api.state.takeSendFailure(),
    now,
    content: (sid) => api.content.find(accountSid, sid),
    approved: (template) => approvalStatusAt(template, now) === "approved",
    windowOpen: (from, to) => {
      if (!api.state.behaviour.enforceWhatsAppWindow) return true;
      const last = api.state.lastInboundAt(to, from);
      return last !== undefined && now.getTime() - last.getTime() < WHATSAPP_WINDOW_MS;
    },
  });
  if (outcome.kind === "accepted") api.state.add(outcome.message);
  // The answer is taken now: a slow answer still describes the message as it was when accepted.
  const answer = outcome.kind === "accepted" ? { status: 201, body: messageJson(outcome.message) } : outcome.refusal;
  // As with Twilio, callbacks may reach the StatusCallback before the client reads this answer.
  if (outcome.kind === "accepted") api.onAccepted(outcome.message, outcome.laterFailure);
  const { sendTimeoutMs } = api.state.behaviour;
  if (sendTimeoutMs > 0) await sleep(sendTimeoutMs);
  sendJson(response, answer.status, answer.body);
  return true;
}
