import { describe, expect, it } from "vitest";
import { dropsExpiringPulls, LIVE_PULL_HEARTBEAT_MS, livePull } from "./live-pull.js";

describe("live pulls", () => {
  it("asks for a heartbeat every second, so a lost pull is replaced within two", () => {
    expect(livePull(256)).toEqual({ max_messages: 256, expires: 2_000, idle_heartbeat: LIVE_PULL_HEARTBEAT_MS });
    expect(LIVE_PULL_HEARTBEAT_MS).toBe(1_000);
  });

  it.each([
    ["2.9.10", true],
    ["v2.9.15", true],
    ["2.8.4", true],
    ["1.4.0", true],
    ["2.9.16", false],
    ["2.10.0", false],
    ["2.11.4", false],
    ["3.0.0", false],
    ["2.12.0-beta.1", false],
    ["", false],
    [undefined, false],
    ["not a version", false],
  ])("nats-server %s drops a pull that expires as a message arrives: %s", (version, drops) => {
    expect(dropsExpiringPulls(version)).toBe(drops);
  });
});
