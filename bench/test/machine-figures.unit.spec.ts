import { describe, expect, it } from "vitest";
import { figuresOf } from "../src/figures-of.js";
import { LatencySamples } from "../src/latency-samples.js";
import { machineCpuOf, pipelineOf, rawLimits, summaryOf } from "./made-up-results.js";

// Where the machine's CPU went under each load, as rows of the table: cores busy against cores
// there were, and each part's CPU per message with the whole machine's against what it could give
// a message at 5x the seed's rate. Built from made-up results.
// The closed loop's CPU in µs over its 10,000 accepted webhooks: 300 + 60 + 40 µs per webhook.
const closedParts = new Map([
  ["ingress", 3_000_000],
  ["nats-server", 600_000],
  ["load generator", 400_000],
]);

// The open loop's CPU in µs over its 100 accepted webhooks (pipelineOf's): 900 + 600 µs per message.
const openParts = new Map([
  ["ingress", 90_000],
  ["postgres", 60_000],
]);

const pipeline = (sustainedPerSecond: number, cpuUsPerMessage: Map<string, number>) =>
  pipelineOf({
    sustainedPerSecond,
    cpuUsPerMessage,
    machine: {
      closed: machineCpuOf(1.9, closedParts),
      sustained: machineCpuOf(1.95),
      open: machineCpuOf(1.2, openParts),
    },
  });

describe("the machine's CPU in the pipeline's figures", () => {
  const ours = pipeline(
    2_500,
    new Map([
      ["ingress", 220],
      ["projector", 150],
      ["postgres", 180],
      ["nats-server", 60],
      ["redis", 0.2],
      ["load generator", 100],
      ["other", 70],
    ]),
  );
  const figures = figuresOf({
    quick: false,
    raw: rawLimits,
    ours,
    peer: pipeline(800, new Map([["seed webhook", 150]])),
  });
  const byId = (id: string) => figures.find((f) => f.id === id);

  it("says how many cores each load kept busy, against the cores there were", () => {
    expect(byId("ours.machine.closed.busy")?.value).toBe(1.9);
    expect(byId("ours.machine.sustained.busy")?.ratio).toBeCloseTo(0.975);
    expect(byId("ours.machine.open.busy")?.name).toBe("machine cores busy, 1000 req/s (open loop)");
  });

  it("lists each part's CPU per message, leaving out a server the system does not use", () => {
    const parts = figures.filter((f) => f.id.startsWith("ours.message-cpu.") && f.id !== "ours.message-cpu.machine");
    expect(parts.map((f) => f.name)).toEqual([
      "CPU per message, ingress, 50 conns until visible",
      "CPU per message, projector, 50 conns until visible",
      "CPU per message, postgres, 50 conns until visible",
      "CPU per message, nats-server, 50 conns until visible",
      "CPU per message, load generator, 50 conns until visible",
      "CPU per message, other, 50 conns until visible",
    ]);
  });

  it("splits the closed loop's CPU per accepted webhook, against what 2 cores give one at 0.5x bare http's rate", () => {
    const parts = figures.filter((f) => f.id.startsWith("ours.webhook-cpu."));
    expect(parts.map((f) => [f.name, f.value])).toEqual([
      ["CPU per accepted webhook, ingress, 50 conns (closed loop)", 300],
      ["CPU per accepted webhook, nats-server, 50 conns (closed loop)", 60],
      ["CPU per accepted webhook, load generator, 50 conns (closed loop)", 40],
      ["CPU per accepted webhook, the whole machine, 50 conns (closed loop)", 400],
    ]);
    // 2,000,000 µs a second over 0.5 x 20,000 webhooks a second.
    expect(byId("ours.webhook-cpu.machine")?.comparedTo?.value).toBe(200);
  });

  it("compares the whole machine's CPU per message with what 2 cores give a message at 5x the seed's rate", () => {
    const whole = byId("ours.message-cpu.machine");
    expect(whole?.value).toBeCloseTo(780.2);
    // 2 cores = 2,000,000 µs a second, over 5 x 800 messages a second.
    expect(whole?.comparedTo?.value).toBe(500);
    expect(whole?.ratio).toBeCloseTo(1.5604);
  });

  it("splits the open loop's CPU per message by part, at the rate the latency figures are taken", () => {
    const parts = figures.filter((f) => f.id.startsWith("ours.open-cpu."));
    expect(parts.map((f) => [f.name, f.value])).toEqual([
      ["CPU per message, ingress, 1000 req/s (open loop)", 900],
      ["CPU per message, postgres, 1000 req/s (open loop)", 600],
      ["CPU per message, the whole machine, 1000 req/s (open loop)", 1500],
    ]);
    // No goal is a rate here: the whole is not held against a budget.
    expect(byId("ours.open-cpu.machine")?.comparedTo).toBeUndefined();
  });

  it("puts the ingress alone at the open loop's rate beside bare node:http under the same schedule", () => {
    const alone = figuresOf({
      quick: false,
      raw: { ...rawLimits, httpOpenLoop: summaryOf(5) },
      ingressAlone: {
        open: {
          sent: 1000,
          accepted: 1000,
          non2xx: 0,
          errors: 0,
          achievedPerSecond: 1000,
          latency: new LatencySamples(),
        },
        openLatency: summaryOf(15),
        machine: machineCpuOf(
          0.8,
          new Map([
            ["ingress", 450_000],
            ["nats-server", 150_000],
          ]),
        ),
        curve: { label: "alone", points: [] },
      },
    });
    const p99 = alone.find((f) => f.id === "ours.alone.open.p99");
    expect(p99?.comparedTo?.label).toBe("bare http, same schedule");
    expect(p99?.ratio).toBe(3);
    expect(alone.find((f) => f.id === "ours.alone.webhook-cpu.ingress")?.ratio).toBe(5);
    expect(alone.find((f) => f.id === "ours.alone.webhook-cpu.nats-server")?.value).toBe(150);
    expect(alone.find((f) => f.id === "ours.alone.machine.busy")?.ratio).toBe(0.4);
  });
});
