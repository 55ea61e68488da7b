import { randomUUID } from "node:crypto";
import type { TwilioSim } from "@cloudpa/twilio-sim";
import type { InboundOutcome } from "./customer-load.js";

export interface SteadyLoad {
  /** Outcomes so far (each webhook's final status after Twilio's retries). */
  readonly outcomes: readonly InboundOutcome[];
  /** Sends no more messages and resolves once every message in flight has its outcome. */
  stop(): Promise<InboundOutcome[]>;
}

/**
 * Customers write `ratePerSecond` messages a second through the simulator, whatever the answers
 * take (a slow answer never slows the rate, as with real customers), until stopped.
 */
export function steadyLoad(sim: TwilioSim, from: readonly string[], ratePerSecond: number, label = "load"): SteadyLoad {
  const outcomes: InboundOutcome[] = [];
  const inFlight = new Set<Promise<void>>();
  const started = Date.now();
  let index = 0;
  let stopped = false;
  const send = () => {
    const customer = from[index % from.length] as string;
    const body = `${label} ${index} ${randomUUID()}`;
    index += 1;
    const sending = sim
      .inbound({ from: customer, profileName: `Customer ${customer.slice(-4)}`, body })
      .then((result) => {
        outcomes.push({
          messageSid: result.messageSid,
          from: `whatsapp:${customer}`,
          body,
          webhookStatus: result.webhookStatus,
          attempts: result.attempts,
        });
      });
    const tracked = sending.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };
  const loop = (async () => {
    while (!stopped) {
      const due = started + (index * 1000) / ratePerSecond;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      if (!stopped) send();
    }
  })();
  return {
    outcomes,
    async stop() {
      stopped = true;
      await loop;
      while (inFlight.size > 0) await Promise.all(inFlight);
      return outcomes;
    },
  };
}
