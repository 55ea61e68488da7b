import { describe, expect, it } from "vitest";
import { callbackPlan, lifecycleOf } from "./status-plan.js";

describe("status plan", () => {
  it("takes a WhatsApp message to read, an SMS to delivered, and failures to their end", () => {
    expect(lifecycleOf("whatsapp:+447700900001", undefined)).toEqual(["queued", "sent", "delivered", "read"]);
    expect(lifecycleOf("+447700900001", undefined)).toEqual(["queued", "sent", "delivered"]);
    expect(lifecycleOf("whatsapp:+447700900001", "failed")).toEqual(["queued", "failed"]);
    expect(lifecycleOf("whatsapp:+447700900001", "undelivered")).toEqual(["queued", "sent", "undelivered"]);
  });

  it("never plays the true order in shuffle mode, even when the random draw keeps it", () => {
    const lifecycle = lifecycleOf("whatsapp:+447700900001", undefined);
    const keepsOrder = () => 0.999;
    const plan = callbackPlan(lifecycle, "shuffle", keepsOrder);
    expect(plan.map((step) => step.callback)).not.toEqual(lifecycle);
    expect(plan.map((step) => step.callback).sort()).toEqual([...lifecycle].sort());
    expect(plan.map((step) => step.lifecycleIndex)).toEqual([0, 1, 2, 3]);
  });

  it("plays each status twice in duplicate mode", () => {
    const plan = callbackPlan(["queued", "failed"], "duplicate");
    expect(plan.map((step) => step.callback)).toEqual(["queued", "queued", "failed", "failed"]);
  });
});
