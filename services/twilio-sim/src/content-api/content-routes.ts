import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { basicCredentials, readBody, sendJson } from "../http/http-io.js";
import { refuse } from "../messages-api/messages-routes.js";
import { authenticationRefusal, notFoundRefusal, twilioRefusal } from "../messages-api/twilio-error.js";
import type { SimClock } from "../sim-clock.js";
import { approvalFetchJson, contentAndApprovalsJson, contentJson, contentPage } from "./content-json.js";
import type { ContentStore } from "./content-store.js";

export interface ContentApi {
  content: ContentStore;
  accounts: ReadonlyMap<string, string>;
  clock: SimClock;
  /** How long WhatsApp's review of a new approval request takes. */
  approvalDelayMs(): number;
}

const SID = "(HX[0-9a-fA-F]{32}|[^/]+)";
const CONTENT_ROUTE = new RegExp(`^/v1/Content(?:/${SID}(/ApprovalRequests(?:/whatsapp)?)?)?$`);

/** `twilio/text` and `twilio/media` as the Content API's `types` schema describes them; other types are kept as sent. */
const typesSchema = z
  .object({
    "twilio/text": z.strictObject({ body: z.string().min(1).max(1600) }).optional(),
    "twilio/media": z
      .strictObject({ body: z.string().max(1600).optional(), media: z.array(z.string()).min(1) })
      .optional(),
  })
  .catchall(z.record(z.string(), z.unknown()))
  .refine((types) => Object.keys(types).length > 0, "types needs at least one content type");

const createSchema = z.object({
  friendly_name: z.string().max(256).default(""),
  language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, "language is a code like en or pt_BR"),
  variables: z.record(z.string(), z.string()).default({}),
  types: typesSchema,
});

/** WhatsApp's rules for a template's name and category. */
const approvalSchema = z.object({
  name: z.string().regex(/^[a-z0-9_]{1,512}$/, "name is lower-case letters, digits and underscores"),
  category: z.enum(["UTILITY", "MARKETING", "AUTHENTICATION"]),
});

function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function invalid(response: ServerResponse, error: z.ZodError | string): void {
  const message = typeof error === "string" ? error : (error.issues[0]?.message ?? "invalid");
  const path = typeof error === "string" ? "" : (error.issues[0]?.path.join(".") ?? "");
  refuse(response, twilioRefusal(400, 20001, path ? `Invalid parameter ${path}: ${message}` : message));
}

/** Serves Twilio's Content API (`content.twilio.com/v1`); answers false for paths it does not own. */
export async function serveContentApi(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  api: ContentApi,
): Promise<boolean> {
  const listsApprovals = url.pathname === "/v1/ContentAndApprovals";
  const route = listsApprovals ? undefined : CONTENT_ROUTE.exec(url.pathname);
  if (!listsApprovals && !route) return false;
  const credentials = basicCredentials(request);
  const accountSid = credentials?.username ?? "";
  if (!credentials || api.accounts.get(accountSid) !== credentials.password) {
    refuse(response, authenticationRefusal());
    return true;
  }
  const now = api.clock.now();

  if (listsApprovals) {
    if (request.method !== "GET") return refuseMethod(response, url);
    const page = contentPage(
      api.content.list(accountSid).map((template) => contentAndApprovalsJson(template, now)),
      "/v1/ContentAndApprovals",
      url.searchParams,
    );
    if (!page) invalid(response, "PageSize is 1 to 1000 and Page is 0 or more");
    else sendJson(response, 200, page);
    return true;
  }

  const sid = route?.[1];
  const approvals = route?.[2];
  if (sid === undefined) {
    if (request.method === "GET") {
      const page = contentPage(api.content.list(accountSid).map(contentJson), "/v1/Content", url.searchParams);
      if (!page) invalid(response, "PageSize is 1 to 1000 and Page is 0 or more");
      else sendJson(response, 200, page);
      return true;
    }
    if (request.method !== "POST") return refuseMethod(response, url);
    const parsed = createSchema.safeParse(jsonOf(await readBody(request)));
    if (!parsed.success) {
      invalid(response, parsed.error);
      return true;
    }
    const { friendly_name, language, variables, types } = parsed.data;
    const created = api.content.create(accountSid, { friendlyName: friendly_name, language, variables, types }, now);
    sendJson(response, 201, contentJson(created));
    return true;
  }

  const template = api.content.find(accountSid, sid);
  if (!template) {
    refuse(response, notFoundRefusal(url.pathname));
    return true;
  }
  if (approvals === "/ApprovalRequests") {
    if (request.method !== "GET") return refuseMethod(response, url);
    sendJson(response, 200, approvalFetchJson(template, now));
    return true;
  }
  if (approvals === "/ApprovalRequests/whatsapp") {
    if (request.method !== "POST") return refuseMethod(response, url);
    const parsed = approvalSchema.safeParse(jsonOf(await readBody(request)));
    if (!parsed.success) {
      invalid(response, parsed.error);
      return true;
    }
    api.content.submit(template, parsed.data, now, api.approvalDelayMs());
    const { type: _type, ...created } = approvalFetchJson(template, now).whatsapp;
    // WhatsApp has only just received it, however short the review the simulator plays.
    sendJson(response, 201, { ...created, status: "received", rejection_reason: "" });
    return true;
  }
  if (request.method === "GET") {
    sendJson(response, 200, contentJson(template));
    return true;
  }
  if (request.method === "DELETE") {
    api.content.delete(accountSid, template.sid);
    response.writeHead(204).end();
    return true;
  }
  return refuseMethod(response, url);
}

function refuseMethod(response: ServerResponse, url: URL): true {
  refuse(response, twilioRefusal(405, 20004, `Method not allowed on ${url.pathname}`));
  return true;
}
