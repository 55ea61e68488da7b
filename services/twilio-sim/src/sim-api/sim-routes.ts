import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { readBody, sendJson } from "../http/http-io.js";
import { inboundRequestSchema, type ParsedInboundRequest } from "../inbound/inbound-request.js";
import type { InboundResult } from "../inbound/receive-inbound.js";
import type { SimState } from "../sim-state.js";
import { sentMessageOf } from "./sent-message.js";

export interface SimApi {
  state: SimState;
  receive(request: ParsedInboundRequest): Promise<InboundResult>;
  configure(change: z.infer<typeof behaviourChangeSchema>): void;
  reset(): void;
  decideApproval(contentSid: string, outcome: "approved" | "rejected", rejectionReason?: string): void;
  advanceClock(ms: number): void;
  ageCustomer(customer: string, ms: number): void;
}

const decisionSchema = z.strictObject({
  outcome: z.enum(["approved", "rejected"]),
  rejectionReason: z.string().max(1024).optional(),
});
const clockSchema = z.strictObject({ advanceMs: z.number().int().min(0) });
const ageSchema = z.strictObject({ customer: z.string().min(1), ms: z.number().int().min(0) });
const DECIDE_ROUTE = /^\/sim\/content\/(HX[0-9a-fA-F]{32})\/approval$/;

/** `POST /sim/configure`: the same knobs as `configure()`, for a simulator running in its own process. */
const behaviourChangeSchema = z.strictObject({
  statusMode: z.enum(["inorder", "shuffle", "duplicate", "delay"]).optional(),
  failSends: z.array(z.number().int().positive()).optional(),
  sendTimeoutMs: z.number().int().min(0).max(120_000).optional(),
  statusDelayMs: z.number().int().min(0).max(60_000).optional(),
  lateStatusMs: z.number().int().min(0).max(600_000).optional(),
  approvalDelayMs: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600_000)
    .optional(),
  enforceWhatsAppWindow: z.boolean().optional(),
});

function parseJson(text: string): unknown {
  try {
    return text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Reads `POST /sim/inbound`'s JSON body; `?drop=1` in the query drops the webhook too. */
function inboundBody(text: string, url: URL) {
  let json: unknown;
  try {
    json = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    return { success: false as const, error: "the body is not JSON" };
  }
  const dropped = url.searchParams.get("drop");
  const withDrop = dropped === "1" || dropped === "true" ? { ...(json as object), drop: true } : json;
  const parsed = inboundRequestSchema.safeParse(withDrop);
  return parsed.success ? parsed : { success: false as const, error: z.prettifyError(parsed.error) };
}

/** The simulator's own endpoints for tests, scripts and the phone page; answers false for other paths. */
export async function serveSimApi(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  api: SimApi,
): Promise<boolean> {
  if (url.pathname === "/sim/messages" && request.method === "GET") {
    const to = url.searchParams.get("to");
    const messages = api.state.messages
      .filter((message) => message.direction === "outbound-api" && (to === null || message.to === to))
      .map(sentMessageOf);
    sendJson(response, 200, { messages });
    return true;
  }
  if (url.pathname === "/sim/conversation" && request.method === "GET") {
    const customer = url.searchParams.get("customer") ?? "";
    const messages = api.state.messages
      .filter((message) => message.from === customer || message.to === customer)
      .map(sentMessageOf);
    sendJson(response, 200, { messages });
    return true;
  }
  if (url.pathname === "/sim/configure" && request.method === "POST") {
    const parsed = behaviourChangeSchema.safeParse(parseJson(await readBody(request)));
    if (!parsed.success) {
      sendJson(response, 400, { error: z.prettifyError(parsed.error) });
      return true;
    }
    api.configure(parsed.data);
    sendJson(response, 200, { behaviour: api.state.behaviour });
    return true;
  }
  const decide = DECIDE_ROUTE.exec(url.pathname);
  if (decide && request.method === "POST") {
    const parsed = decisionSchema.safeParse(parseJson(await readBody(request)));
    if (!parsed.success) {
      sendJson(response, 400, { error: z.prettifyError(parsed.error) });
      return true;
    }
    try {
      api.decideApproval(decide[1] as string, parsed.data.outcome, parsed.data.rejectionReason);
    } catch (error) {
      sendJson(response, 404, { error: String(error) });
      return true;
    }
    sendJson(response, 200, { decided: parsed.data.outcome });
    return true;
  }
  if (url.pathname === "/sim/clock" && request.method === "POST") {
    const parsed = clockSchema.safeParse(parseJson(await readBody(request)));
    if (!parsed.success) {
      sendJson(response, 400, { error: z.prettifyError(parsed.error) });
      return true;
    }
    api.advanceClock(parsed.data.advanceMs);
    sendJson(response, 200, { advancedMs: parsed.data.advanceMs });
    return true;
  }
  if (url.pathname === "/sim/age-customer" && request.method === "POST") {
    const parsed = ageSchema.safeParse(parseJson(await readBody(request)));
    if (!parsed.success) {
      sendJson(response, 400, { error: z.prettifyError(parsed.error) });
      return true;
    }
    api.ageCustomer(parsed.data.customer, parsed.data.ms);
    sendJson(response, 200, { aged: parsed.data.customer });
    return true;
  }
  if (url.pathname === "/sim/reset" && request.method === "POST") {
    api.reset();
    sendJson(response, 200, { reset: true });
    return true;
  }
  if (url.pathname === "/sim/inbound" && request.method === "POST") {
    // A customer's files travel in the body as base64: WhatsApp's own limit for one message, about 16 MB.
    const parsed = inboundBody(await readBody(request, 24 * 1024 * 1024), url);
    if (!parsed.success) {
      sendJson(response, 400, { error: parsed.error });
      return true;
    }
    sendJson(response, 200, await api.receive(parsed.data));
    return true;
  }
  return false;
}
