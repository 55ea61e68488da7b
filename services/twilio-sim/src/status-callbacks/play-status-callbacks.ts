import { setTimeout as sleep } from "node:timers/promises";
import type { LaterFailure } from "../messages-api/send-failure.js";
import type { SimBehaviour, SimMessage, SimState } from "../sim-state.js";
import { deliverWebhook, type WebhookDelivery } from "../webhook-delivery/deliver-webhook.js";
import { statusCallbackParams } from "./status-callback-params.js";
import { callbackPlan, lifecycleOf } from "./status-plan.js";

export interface StatusCallbackReport {
  messageSid: string;
  status: string;
  delivery: WebhookDelivery;
}

export interface PlayOptions {
  behaviour: SimBehaviour;
  /** Where the message's status is kept (and saved). */
  state: Pick<SimState, "setStatus">;
  authToken: string;
  laterFailure: LaterFailure | undefined;
  /** Ends the play early when the simulator closes or resets. */
  signal: AbortSignal;
  onCallback?: (report: StatusCallbackReport) => void;
}

/**
 * Moves an accepted message through its statuses, updating what the API answers for it, and sends
 * each status callback to its StatusCallback URL in the order the mode asks.
 */
export async function playStatusCallbacks(message: SimMessage, options: PlayOptions): Promise<void> {
  const { behaviour, laterFailure, signal } = options;
  const lifecycle = lifecycleOf(message.to, laterFailure?.status);
  const plan = callbackPlan(lifecycle, behaviour.statusMode);
  try {
    for (const step of plan) {
      const wait = behaviour.statusDelayMs + (behaviour.statusMode === "delay" ? behaviour.lateStatusMs : 0);
      await sleep(wait, undefined, { signal });
      const reached = lifecycle[step.lifecycleIndex];
      if (reached && message.status !== reached && lifecycle.indexOf(message.status as never) < step.lifecycleIndex) {
        const failed = (reached === "failed" || reached === "undelivered") && laterFailure;
        options.state.setStatus(message, reached, new Date(), failed ? laterFailure : undefined);
      }
      if (!message.statusCallback) continue;
      const delivery = await deliverWebhook(
        {
          url: message.statusCallback,
          signedUrl: message.statusCallback,
          authToken: options.authToken,
          params: statusCallbackParams(message, step.callback, laterFailure?.errorCode),
        },
        signal,
      );
      if (signal.aborted) return;
      options.onCallback?.({ messageSid: message.sid, status: step.callback, delivery });
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}
