import type { StatusMode } from "../sim-state.js";

export type MessageLifecycleStatus = "queued" | "sent" | "delivered" | "read" | "failed" | "undelivered";

/** The statuses a message really goes through: read receipts exist on WhatsApp only. */
export function lifecycleOf(to: string, failure: "failed" | "undelivered" | undefined): MessageLifecycleStatus[] {
  if (failure === "failed") return ["queued", "failed"];
  if (failure === "undelivered") return ["queued", "sent", "undelivered"];
  return to.startsWith("whatsapp:") ? ["queued", "sent", "delivered", "read"] : ["queued", "sent", "delivered"];
}

/**
 * The order callbacks are sent in for a mode. Step i of the plan happens when the message really
 * reaches `lifecycle[lifecycleIndex]`; only the callback order changes, never the stored status order.
 */
export function callbackPlan(
  lifecycle: readonly MessageLifecycleStatus[],
  mode: StatusMode,
  random: () => number = Math.random,
): Array<{ lifecycleIndex: number; callback: MessageLifecycleStatus }> {
  const steps = lifecycle.map((status, index) => ({ lifecycleIndex: index, callback: status }));
  switch (mode) {
    case "inorder":
    case "delay":
      return steps;
    case "duplicate":
      return steps.flatMap((step) => [step, step]);
    case "shuffle": {
      const order = lifecycle.map((_, index) => index);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      // A shuffle that happens to be the true order would not test anything: reverse it instead.
      if (order.every((value, index) => value === index)) order.reverse();
      return steps.map((step, index) => ({
        lifecycleIndex: step.lifecycleIndex,
        callback: lifecycle[order[index] as number] as MessageLifecycleStatus,
      }));
    }
    default: {
      const unknown: never = mode;
      throw new Error(`unknown status mode ${String(unknown)}`);
    }
  }
}
