import { z } from "zod";
import type { SimMessage } from "../sim-state.js";
import { messageJson, messagesPath } from "./message-json.js";
import { type TwilioRefusal, twilioRefusal } from "./twilio-error.js";

/** Twilio's list query: filters, then paging (`PageSize` up to 1000, `Page` counted from 0, a `PageToken`). */
const listQuerySchema = z.object({
  To: z.string().optional(),
  From: z.string().optional(),
  DateSent: z.string().optional(),
  "DateSent<": z.string().optional(),
  "DateSent>": z.string().optional(),
  PageSize: z.coerce.number().int().min(1).max(1000).default(50),
  Page: z.coerce.number().int().min(0).default(0),
  PageToken: z.string().optional(),
});
type ListQuery = z.infer<typeof listQuerySchema>;

const FILTERS = ["To", "From", "DateSent", "DateSent<", "DateSent>"] as const;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A DateSent value is a day (`YYYY-MM-DD`, the whole UTC day) or an instant (`YYYY-MM-DDTHH:MM:SSZ`, one second). */
function rangeOf(value: string): { from: number; until: number } | undefined {
  const start = Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(start)) return undefined;
  return { from: start, until: start + (DATE_ONLY.test(value) ? DAY_MS : 1000) };
}

function matches(message: SimMessage, query: ListQuery, ranges: Map<string, { from: number; until: number }>): boolean {
  if (query.To !== undefined && message.to !== query.To) return false;
  if (query.From !== undefined && message.from !== query.From) return false;
  if (ranges.size === 0) return true;
  if (!message.dateSent) return false;
  const sent = message.dateSent.getTime();
  const on = ranges.get("DateSent");
  const before = ranges.get("DateSent<");
  const after = ranges.get("DateSent>");
  if (on && (sent < on.from || sent >= on.until)) return false;
  if (before && sent >= before.until) return false;
  if (after && sent < after.from) return false;
  return true;
}

function pageUri(accountSid: string, query: ListQuery, page: number, pageToken?: string): string {
  const search = new URLSearchParams();
  for (const name of FILTERS) {
    const value = query[name];
    if (value !== undefined) search.set(name, value);
  }
  search.set("PageSize", String(query.PageSize));
  search.set("Page", String(page));
  if (pageToken) search.set("PageToken", pageToken);
  return `${messagesPath(accountSid)}.json?${search.toString()}`;
}

/**
 * Lists an account's messages newest first, as Twilio does, one page at a time. `PageToken` `PA<sid>`
 * starts after that message and `PB<sid>` ends before it, so pages stay stable while messages arrive.
 */
export function listMessages(
  messages: readonly SimMessage[],
  accountSid: string,
  search: URLSearchParams,
): { status: 200; body: Record<string, unknown> } | TwilioRefusal {
  const parsed = listQuerySchema.safeParse(Object.fromEntries(search));
  if (!parsed.success) return twilioRefusal(400, 20001, `Invalid list parameters: ${parsed.error.issues[0]?.message}`);
  const query = parsed.data;
  const ranges = new Map<string, { from: number; until: number }>();
  for (const name of ["DateSent", "DateSent<", "DateSent>"] as const) {
    const value = query[name];
    if (value === undefined) continue;
    const range = rangeOf(value);
    if (!range) return twilioRefusal(400, 20001, `Invalid ${name}: ${value}`);
    ranges.set(name, range);
  }

  const listed = messages
    .filter((message) => message.accountSid === accountSid && matches(message, query, ranges))
    .reverse();
  let start = query.Page * query.PageSize;
  const token = query.PageToken;
  if (token) {
    const at = listed.findIndex((message) => message.sid === token.slice(2));
    if (at < 0) return twilioRefusal(400, 20001, `Invalid PageToken: ${token}`);
    start = token.startsWith("PB") ? Math.max(0, at - query.PageSize) : at + 1;
  }
  const page = listed.slice(start, start + query.PageSize);
  const first = page[0];
  const last = page.at(-1);
  const hasNext = last !== undefined && start + page.length < listed.length;
  const hasPrevious = first !== undefined && start > 0;
  return {
    status: 200,
    body: {
      first_page_uri: pageUri(accountSid, query, 0),
      end: start + Math.max(page.length - 1, 0),
      previous_page_uri: hasPrevious ? pageUri(accountSid, query, Math.max(query.Page - 1, 0), `PB${first.sid}`) : null,
      messages: page.map(messageJson),
      uri: pageUri(accountSid, query, query.Page, token),
      page_size: query.PageSize,
      start,
      next_page_uri: hasNext ? pageUri(accountSid, query, query.Page + 1, `PA${last.sid}`) : null,
      page: query.Page,
    },
  };
}
