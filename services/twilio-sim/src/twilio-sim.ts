import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { TWILIO_WHATSAPP_SANDBOX } from "@cloudpa/contracts";
import { serveContentApi } from "./content-api/content-routes.js";
import { ContentStore } from "./content-api/content-store.js";
import type { ApprovalStatus } from "./content-api/content-template.js";
import { approvalStatusAt } from "./content-api/content-template.js";
import { DEMO_TEMPLATES, demoTemplateSid } from "./content-api/demo-templates.js";
import { sendJson, sendText } from "./http/http-io.js";
import { type InboundRequest, inboundRequestSchema, type ParsedInboundRequest } from "./inbound/inbound-request.js";
import { type InboundResult, receiveInbound } from "./inbound/receive-inbound.js";
import { serveIncomingNumbers } from "./incoming-numbers/incoming-numbers-routes.js";
import { fetchOutboundMedia } from "./media/fetch-outbound-media.js";
import { sendMediaBytes, serveMedia } from "./media/media-routes.js";
import { serveMessagesApi } from "./messages-api/messages-routes.js";
import type { LaterFailure } from "./messages-api/send-failure.js";
import { PHONE_PAGE_CSP, phonePageHtml } from "./phone-page/phone-page.js";
import { PHONE_SCRIPT } from "./phone-page/phone-script.js";
import type { SentMessage } from "./sim-api/sent-message.js";
import { sentMessageOf } from "./sim-api/sent-message.js";
import { serveSimApi } from "./sim-api/sim-routes.js";
import { SimClock } from "./sim-clock.js";
import { DEFAULT_BEHAVIOUR, type SimMessage, SimState, type StatusMode } from "./sim-state.js";
import { readStateFile, StateFileSaver } from "./state-file/state-file.js";
import { stateFileOf } from "./state-file/state-file-schema.js";
import { playStatusCallbacks, type StatusCallbackReport } from "./status-callbacks/play-status-callbacks.js";
import { withoutFragment } from "./webhook-delivery/connection-overrides.js";

/** Twilio's WhatsApp sandbox number: the simulator's number when none is given. */
export const SIM_SANDBOX_NUMBER = TWILIO_WHATSAPP_SANDBOX;

export interface TwilioSimOptions {
  /** 0 (the default) listens on a free port. */
  port?: number;
  host?: string;
  /**
   * Accounts the API accepts (Basic auth: SID and auth token); the first one receives inbound messages.
   * An account's `numbers` are its IncomingPhoneNumbers; the first account's default to `numbers` below.
   */
  accounts: Array<{ accountSid: string; authToken: string; numbers?: string[] }>;
  /** `whatsapp:+E164` numbers the first account owns. When given, a send from another number is refused (63007). */
  numbers?: string[];
  /** Where inbound webhooks go, e.g. the ingress's `…/api/v1/messaging/webhook/whatsapp#rc=3&rp=all`. */
  inboundWebhookUrl?: string;
  /**
   * The public base URL Twilio would sign inbound webhooks for (the ingress's PUBLIC_BASE_URL); the webhook's
   * path and query are appended. Without it the webhook URL itself is signed.
   */
  signingUrlBase?: string;
  /** Pause between two status callbacks of one message (default 20 ms). */
  statusDelayMs?: number;
  /** How long WhatsApp's review of a template approval request takes (default 3 s). */
  approvalDelayMs?: number;
  /**
   * Simulate WhatsApp's 24-hour window (default off, so tests that never play a customer's first
   * message keep working): free text to a customer who has not written in 24 hours fails with 63016.
   */
  enforceWhatsAppWindow?: boolean;
  /**
   * The base URL of the Media URLs inbound webhooks carry (Twilio's is https://api.twilio.com); the
   * simulator's own URL when absent. Set it to the address the product reaches the simulator at.
   */
  mediaBaseUrl?: string;
  /**
   * Where the simulator keeps what Twilio would keep across a restart (messages with their statuses
   * and media, Content templates with their approvals): read at start, saved a moment after each change
   * and on close. A file that exists but cannot be read stops the start (`SimStateFileError`). Without
   * it everything is in memory only.
   */
  stateFile?: string;
  /** Receives one JSON-able record per notable thing the simulator does. */
  log?: (record: Record<string, unknown>) => void;
}

export interface TwilioSimBehaviourChange {
  statusMode?: StatusMode;
  /** Answers for the next sends, one each: 429/500/503 (API errors), 21211… (400 refusals), 63016/30008… (fail later). */
  failSends?: number[];
  /** Answer each create this late (the message is accepted all the same). */
  sendTimeoutMs?: number;
  statusDelayMs?: number;
  /** Extra wait before each callback in `delay` mode (default 1500 ms). */
  lateStatusMs?: number;
  approvalDelayMs?: number;
  enforceWhatsAppWindow?: boolean;
}

/** A template as tests see it: its SID, name and WhatsApp approval status now. */
export interface SimTemplate {
  sid: string;
  accountSid: string;
  friendlyName: string;
  status: ApprovalStatus;
}

export interface TwilioSim {
  /** Base URL, e.g. `http://127.0.0.1:41234`: point Twilio clients' `https://api.twilio.com` here. */
  url: string;
  port: number;
  close(): Promise<void>;
  /** Messages the Messages API accepted, oldest first, with their current status. */
  sentMessages(): SentMessage[];
  /** Every status callback sent so far, with what came of it. */
  statusCallbacks(): StatusCallbackReport[];
  /** A customer writes: records the message and (unless `drop`) sends the signed webhook. */
  inbound(request: InboundRequest): Promise<InboundResult>;
  configure(change: TwilioSimBehaviourChange): void;
  /**
   * Forgets every message and callback, stops pending callbacks and restores the initial behaviour,
   * the demo templates and the clock.
   */
  reset(): void;
  /** The SID of a demo template (`appointment_reminder`, `quote_ready`, `follow_up`, `seasonal_offer`, `payment_overdue`). */
  demoTemplateSid(name: string, accountSid?: string): string;
  /** Every template of every account, with its approval status now. */
  templates(): SimTemplate[];
  /** Ends a template's WhatsApp review now: approved, or rejected with a reason. */
  decideApproval(contentSid: string, outcome: "approved" | "rejected", rejectionReason?: string): void;
  /** Moves the simulator's clock forward (24-hour window, approval delays). */
  advanceClock(ms: number): void;
  /** Moves a customer's messages `ms` into the past, as if they had written that much earlier. */
  ageCustomer(customer: string, ms: number): void;
}

function signedUrlOf(webhookUrl: string | undefined, signingUrlBase: string | undefined): string | undefined {
  if (!webhookUrl) return undefined;
  if (!signingUrlBase) return withoutFragment(webhookUrl);
  const target = new URL(withoutFragment(webhookUrl));
  return `${signingUrlBase.replace(/\/+$/, "")}${target.pathname}${target.search}`;
}

/**
 * Starts a stand-in for Twilio at its HTTP boundary: the Messages API (create, fetch, list), status
 * callbacks signed with `X-Twilio-Signature`, signed inbound WhatsApp webhooks, and a phone page at `/`.
 *
 * ```ts
 * const sim = await startTwilioSim({ accounts: [{ accountSid, authToken }], inboundWebhookUrl });
 * sim.configure({ statusMode: "shuffle", failSends: [63016] });
 * await sim.inbound({ from: "+14155550100", profileName: "Ada", body: "hi" });
 * await sim.close();
 * ```
 */
export async function startTwilioSim(options: TwilioSimOptions): Promise<TwilioSim> {
  const firstAccount = options.accounts[0];
  if (!firstAccount) throw new Error("the simulator needs at least one account");
  const log = options.log ?? (() => {});
  const numbers = options.numbers ?? [];
  const accounts = new Map(options.accounts.map((account) => [account.accountSid, account.authToken]));
  const owned = new Map(
    options.accounts.map((account, index) => [account.accountSid, account.numbers ?? (index === 0 ? numbers : [])]),
  );
  const sendableNumbers = numbers.length === 0 ? numbers : [...new Set([...owned.values()].flat())];
  const { stateFile } = options;
  const saved = stateFile ? await readStateFile(stateFile) : undefined;
  if (stateFile) {
    log({
      msg: saved ? "state loaded" : "state file not found: starting empty",
      stateFile,
      messages: saved?.messages.length ?? 0,
      templates: saved?.templates.length ?? 0,
    });
  }
  const saver = stateFile
    ? new StateFileSaver(
        stateFile,
        () => stateFileOf(state.messages, content.all()),
        (error) => log({ msg: "state file not saved", stateFile, error: String(error) }),
      )
    : undefined;
  const changed = () => saver?.schedule();
  const state = new SimState(
    {
      ...DEFAULT_BEHAVIOUR,
      statusDelayMs: options.statusDelayMs ?? DEFAULT_BEHAVIOUR.statusDelayMs,
      approvalDelayMs: options.approvalDelayMs ?? DEFAULT_BEHAVIOUR.approvalDelayMs,
      enforceWhatsAppWindow: options.enforceWhatsAppWindow ?? DEFAULT_BEHAVIOUR.enforceWhatsAppWindow,
    },
    saved?.messages,
    changed,
  );
  const clock = new SimClock();
  const content = new ContentStore([...accounts.keys()], saved?.templates, changed);
  const reports: StatusCallbackReport[] = [];
  let stopping = new AbortController();
  const inboundTarget = {
    state,
    clock,
    account: firstAccount,
    defaultNumber: numbers[0] ?? SIM_SANDBOX_NUMBER,
    webhookUrl: options.inboundWebhookUrl,
    signedUrl: signedUrlOf(options.inboundWebhookUrl, options.signingUrlBase),
    // Set once the server listens, unless given.
    mediaBaseUrl: options.mediaBaseUrl?.replace(/\/+$/, "") ?? "",
  };

  const receive = async (request: ParsedInboundRequest) => {
    const result = await receiveInbound(request, inboundTarget, stopping.signal);
    log({
      msg: "inbound",
      messageSid: result.messageSid,
      webhookStatus: result.webhookStatus,
      attempts: result.attempts,
      dropped: request.drop,
    });
    return result;
  };

  const messagesApi = {
    state,
    accounts,
    numbers: sendableNumbers,
    content,
    clock,
    onAccepted: (message: SimMessage, laterFailure: LaterFailure | undefined) => {
      log({
        msg: "message accepted",
        messageSid: message.sid,
        to: message.to,
        laterFailure: laterFailure?.errorCode ?? null,
      });
      const authToken = accounts.get(message.accountSid) ?? "";
      const signal = stopping.signal;
      const play = (failure: LaterFailure | undefined) =>
        playStatusCallbacks(message, {
          behaviour: state.behaviour,
          state,
          authToken,
          laterFailure: failure,
          signal,
          onCallback: (report) => {
            reports.push(report);
            log({
              msg: "status callback",
              messageSid: report.messageSid,
              status: report.status,
              httpStatus: report.delivery.status,
              attempts: report.delivery.attempts,
            });
          },
        });
      // Twilio downloads a message's media before it sends it; a download that fails fails the message.
      const fetched =
        laterFailure || message.mediaUrls.length === 0
          ? Promise.resolve(laterFailure)
          : fetchOutboundMedia(message, state, () => clock.now(), signal).then((failure) => {
              if (failure) log({ msg: "media download failed", messageSid: message.sid, error: failure.errorMessage });
              return failure;
            });
      void fetched
        .then(play)
        .catch((error: unknown) =>
          log({ msg: "status callbacks stopped", messageSid: message.sid, error: String(error) }),
        );
    },
  };
  const configure = (change: TwilioSimBehaviourChange) => state.configure(change);
  const reset = () => {
    stopping.abort();
    stopping = new AbortController();
    reports.length = 0;
    state.reset();
    content.reset();
    clock.reset();
  };
  const templates = (): SimTemplate[] =>
    [...accounts.keys()].flatMap((accountSid) =>
      content.list(accountSid).map((template) => ({
        sid: template.sid,
        accountSid,
        friendlyName: template.friendlyName,
        status: approvalStatusAt(template, clock.now()),
      })),
    );
  const decideApproval = (contentSid: string, outcome: "approved" | "rejected", rejectionReason?: string) => {
    const template = content.findAny(contentSid);
    if (!template) throw new Error(`no template ${contentSid}`);
    content.decide(template, outcome, rejectionReason ?? "Rejected by the simulator's reviewer.", clock.now());
  };
  const ageCustomer = (customer: string, ms: number) => {
    state.ageCustomer(customer.startsWith("whatsapp:") ? customer : `whatsapp:${customer}`, ms);
  };
  const advanceClock = (ms: number) => clock.advance(ms);
  const simApi = { state, receive, configure, reset, decideApproval, advanceClock, ageCustomer };
  const contentApi = { content, accounts, clock, approvalDelayMs: () => state.behaviour.approvalDelayMs };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://sim.invalid");
    if (request.method === "GET" && url.pathname === "/") {
      const html = phonePageHtml({ businessNumber: inboundTarget.defaultNumber });
      sendText(response, 200, "text/html; charset=utf-8", html, { "content-security-policy": PHONE_PAGE_CSP });
      return;
    }
    if (request.method === "GET" && url.pathname === "/phone.js") {
      sendText(response, 200, "text/javascript; charset=utf-8", PHONE_SCRIPT);
      return;
    }
    // Nothing to be ready for but the listening socket: /readyz is /healthz, as compose and Kubernetes probe it.
    if (request.method === "GET" && (url.pathname === "/healthz" || url.pathname === "/readyz")) {
      sendJson(response, 200, { status: "ok" });
      return;
    }
    if (await serveSimApi(request, response, url, simApi)) return;
    if (await serveMessagesApi(request, response, url, messagesApi)) return;
    if (await serveContentApi(request, response, url, contentApi)) return;
    if (serveMedia(request, response, url, { state, accounts })) return;
    // The phone page shows media without the account's credentials: the simulator's own route.
    const phoneMedia = /^\/sim\/media\/(ME[0-9a-f]{32})$/.exec(url.pathname);
    if (request.method === "GET" && phoneMedia) {
      const media = state.messages.flatMap((message) => message.media).find((item) => item.sid === phoneMedia[1]);
      if (media) sendMediaBytes(response, media);
      else sendJson(response, 404, { error: "no such media" });
      return;
    }
    if (serveIncomingNumbers(request, response, url, { accounts, owned })) return;
    sendJson(response, 404, {
      code: 20404,
      message: `The requested resource ${url.pathname} was not found`,
      status: 404,
    });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log({ msg: "request failed", path: request.url, error: String(error) });
      if (!response.headersSent)
        sendJson(response, 500, { code: 20500, message: "Internal Server Error", status: 500 });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  // Listening on every interface is reachable through loopback; a URL to 0.0.0.0 is not one to hand out.
  const listenHost = options.host ?? "127.0.0.1";
  const host = listenHost === "0.0.0.0" || listenHost === "::" ? "127.0.0.1" : listenHost;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  if (!inboundTarget.mediaBaseUrl) inboundTarget.mediaBaseUrl = url;

  return {
    url,
    port,
    close: async () => {
      stopping.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await saver?.flush();
    },
    sentMessages: () => state.messages.filter((message) => message.direction === "outbound-api").map(sentMessageOf),
    statusCallbacks: () => [...reports],
    inbound: (request) => receive(inboundRequestSchema.parse(request)),
    configure,
    reset,
    demoTemplateSid: (name, accountSid = firstAccount.accountSid) => {
      if (!DEMO_TEMPLATES.some((demo) => demo.key === name)) throw new Error(`no demo template ${name}`);
      return demoTemplateSid(accountSid, name);
    },
    templates,
    decideApproval,
    advanceClock,
    ageCustomer,
  };
}
