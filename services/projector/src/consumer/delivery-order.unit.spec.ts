import { describe, expect, it } from "vitest";
import { DeliveryOrder } from "./delivery-order.js";

describe("delivery order of the live consumer", () => {
  it("takes deliveries numbered from 1 as the next events, stream gaps (deleted messages) included", () => {
    const order = new DeliveryOrder(10);
    expect([order.classify(1, 11), order.classify(2, 12), order.classify(3, 15)]).toEqual(["next", "next", "next"]);
  });

  it("calls a delivery whose number was skipped a loss, even when the next one starts a new batch", () => {
    const order = new DeliveryOrder(10);
    expect(order.classify(1, 11)).toBe("next");
    expect(order.classify(5, 15)).toBe("lost");
  });

  it("calls a first delivery other than number 1 a loss", () => {
    expect(new DeliveryOrder(10).classify(2, 12)).toBe("lost");
  });

  it("calls a redelivery of an event already taken a copy, and goes on after it", () => {
    const order = new DeliveryOrder(10);
    expect([order.classify(1, 11), order.classify(2, 12), order.classify(3, 11), order.classify(4, 13)]).toEqual([
      "next",
      "next",
      "copy",
      "next",
    ]);
  });

  it("calls a redelivery of an event at or below the checkpoint a copy", () => {
    expect(new DeliveryOrder(10).classify(1, 10)).toBe("copy");
  });
});
