import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  incomingPhoneNumbersPath,
  TWILIO_WHATSAPP_SANDBOX,
  type TwilioIncomingPhoneNumber,
  type TwilioIncomingPhoneNumbersPage,
} from "@cloudpa/contracts";
import { z } from "zod";
import { authenticated } from "../http/account-auth.js";
import { sendJson } from "../http/http-io.js";
import { refuse } from "../messages-api/messages-routes.js";
import { authenticationRefusal, notFoundRefusal, twilioRefusal } from "../messages-api/twilio-error.js";

export interface IncomingNumbersApi {
  /** Account SID → auth token of every account the simulator accepts. */
  accounts: ReadonlyMap<string, string>;
  /** Account SID → the `whatsapp:+E164` numbers it owns. */
  owned: ReadonlyMap<string, readonly string[]>;
}

const ROUTE = /^\/2010-04-01\/Accounts\/([^/]+)\/IncomingPhoneNumbers\.json$/;

const listQuerySchema = z.object({
  PhoneNumber: z.string().optional(),
  FriendlyName: z.string().optional(),
  PageSize: z.coerce.number().int().min(1).max(1000).default(50),
  Page: z.coerce.number().int().min(0).default(0),
});

/** A stable PN sid per account and number, as a bought number keeps its sid. */
function phoneNumberSid(accountSid: string, phoneNumber: string): string {
  return `PN${createHash("sha256").update(`${accountSid}:${phoneNumber}`).digest("hex").slice(0, 32)}`;
}

function resourceOf(accountSid: string, phoneNumber: string): TwilioIncomingPhoneNumber {
  const sid = phoneNumberSid(accountSid, phoneNumber);
  return {
    sid,
    account_sid: accountSid,
    phone_number: phoneNumber,
    friendly_name: phoneNumber,
    capabilities: { fax: false, mms: true, sms: true, voice: true },
    status: "in-use",
    api_version: "2010-04-01",
    beta: false,
    origin: "twilio",
    uri: `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers/${sid}.json`,
  };
}

/**
 * `GET /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json`: the account's own numbers, filtered
 * by `PhoneNumber` (E.164) as Twilio does. The WhatsApp sandbox is never listed: no account owns it.
 * Answers false when the path is not this route.
 */
export function serveIncomingNumbers(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  api: IncomingNumbersApi,
): boolean {
  const route = ROUTE.exec(url.pathname);
  if (!route) return false;
  const accountSid = decodeURIComponent(route[1] ?? "");
  if (!authenticated(request, accountSid, api.accounts)) {
    refuse(response, authenticationRefusal());
    return true;
  }
  if (request.method !== "GET") {
    refuse(response, notFoundRefusal(url.pathname));
    return true;
  }
  const query = listQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!query.success) {
    refuse(response, twilioRefusal(400, 20001, query.error.issues[0]?.message ?? "Invalid parameter"));
    return true;
  }
  const { PhoneNumber, FriendlyName, PageSize, Page } = query.data;
  const numbers = (api.owned.get(accountSid) ?? [])
    .filter((number) => number !== TWILIO_WHATSAPP_SANDBOX)
    .map((number) => number.replace(/^whatsapp:/, ""))
    .filter((number) => PhoneNumber === undefined || number === PhoneNumber)
    .filter((number) => FriendlyName === undefined || number === FriendlyName);
  const shown = numbers.slice(Page * PageSize, (Page + 1) * PageSize);
  const path = incomingPhoneNumbersPath(accountSid);
  const pageUri = (page: number) => {
    const search = new URLSearchParams();
    if (PhoneNumber !== undefined) search.set("PhoneNumber", PhoneNumber);
    if (FriendlyName !== undefined) search.set("FriendlyName", FriendlyName);
    search.set("PageSize", String(PageSize));
    search.set("Page", String(page));
    return `${path}?${search.toString()}`;
  };
  const hasNext = (Page + 1) * PageSize < numbers.length;
  const body: TwilioIncomingPhoneNumbersPage = {
    incoming_phone_numbers: shown.map((number) => resourceOf(accountSid, number)),
    start: Page * PageSize,
    end: Page * PageSize + Math.max(shown.length - 1, 0),
    page: Page,
    page_size: PageSize,
    first_page_uri: pageUri(0),
    previous_page_uri: Page > 0 ? pageUri(Page - 1) : null,
    next_page_uri: hasNext ? pageUri(Page + 1) : null,
    uri: pageUri(Page),
  };
  sendJson(response, 200, body);
  return true;
}
