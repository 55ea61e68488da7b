import type { InboundRequest } from "../inbound/inbound-request.js";
import type { InboundResult } from "../inbound/receive-inbound.js";
import type { SentMessage } from "../sim-api/sent-message.js";
import type { TwilioSimBehaviourChange } from "../twilio-sim.js";

/**
 * Drives a simulator running in another process (compose, a spawned `main.js`) through its `/sim`
 * endpoints, as `TwilioSim`'s methods do in-process: a customer's message of any kind, the 24-hour
 * window's clock, template approvals, behaviour.
 */
export function simControl(simUrl: string) {
  const base = simUrl.replace(/\/+$/, "");
  const post = async <T>(path: string, body: unknown): Promise<T> => {
    const response = await fetch(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as T & { error?: string };
    if (!response.ok) throw new Error(`${path} answered ${response.status}: ${json.error ?? ""}`);
    return json;
  };
  const get = async <T>(path: string): Promise<T> => (await (await fetch(`${base}${path}`)).json()) as T;
  return {
    /** A customer writes: text, files (`media`), `location`, `contact`, `button`, `replyTo`, `sticker`. */
    inbound: (request: InboundRequest) => post<InboundResult>("/sim/inbound", request),
    configure: (change: TwilioSimBehaviourChange) => post<unknown>("/sim/configure", change),
    reset: () => post<unknown>("/sim/reset", {}),
    /** Ends a template's WhatsApp review now. */
    decideApproval: (contentSid: string, outcome: "approved" | "rejected", rejectionReason?: string) =>
      post<unknown>(`/sim/content/${contentSid}/approval`, { outcome, rejectionReason }),
    advanceClock: (ms: number) => post<unknown>("/sim/clock", { advanceMs: ms }),
    ageCustomer: (customer: string, ms: number) => post<unknown>("/sim/age-customer", { customer, ms }),
    /** What the Messages API accepted, oldest first. */
    sentMessages: async (to?: string) =>
      (await get<{ messages: SentMessage[] }>(`/sim/messages${to ? `?to=${encodeURIComponent(to)}` : ""}`)).messages,
    /** Both directions of one customer's conversation, as the phone page shows it. */
    conversation: async (customer: string) =>
      (await get<{ messages: SentMessage[] }>(`/sim/conversation?customer=${encodeURIComponent(customer)}`)).messages,
  };
}

export type SimControl = ReturnType<typeof simControl>;
