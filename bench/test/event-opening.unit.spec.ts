import { describe, expect, it } from "vitest";
import { openingCpu } from "../src/figures/event-opening.js";
import { benchKeys } from "../src/infra/bench-keys.js";

// The floor the bench holds against what a projection goal leaves the projector: it must time the
// real checks (a verification that fails is not a cheaper floor), over the events it signed.
describe("an event's opening alone", () => {
  it("opens events the run's keys signed, and answers µs of CPU per event, the parse a part of the whole", () => {
    const { openUs, parseUs } = openingCpu(benchKeys(), 100, 280);
    expect(parseUs).toBeGreaterThan(0);
    expect(openUs).toBeGreaterThan(parseUs);
  });

  it("verifies every event: against another run's public keys it fails instead of answering", () => {
    const signer = benchKeys();
    const otherRun = benchKeys();
    expect(() => openingCpu({ ...signer, env: otherRun.env }, 100, 280)).toThrow(/signature/);
  });
});
