import { describe, expect, it } from "vitest";
import type { ProjectorResult } from "../src/figures/projector.js";
import { figuresOf } from "../src/figures-of.js";
import { closedLoopOf, machineCpuOf, pipelineOf, rawLimits, summaryOf } from "./made-up-results.js";

// Issue 16's goals are the targets of the figures they name, each against the raw limit or the
// peer of the same run; built from made-up results: which target each figure carries, and whether
// it is met.
const pipeline = (values: { accepted: number; sustained: number; openP99: number; endToEndP99: number }) =>
  pipelineOf({
    closed: closedLoopOf(values.accepted),
    sustainedPerSecond: values.sustained,
    openLatency: summaryOf(values.openP99),
    endToEnd: summaryOf(values.endToEndP99),
  });

const projector: ProjectorResult = {
  backlog: 200_000,
  livePerSecond: 20_000,
  liveWithStartPerSecond: 19_000,
  liveCpuUsPerEvent: 80,
  rebuildEvents: 1_000_000,
  rebuildPerSecond: 60_000,
  rebuildSeconds: 16.7,
  rebuildOutput: "rebuilt: 1000000 events",
  // Over the 200,000 live events: projector 100 µs, Postgres 60, nats-server 30 an event.
  liveMachine: machineCpuOf(
    1.9,
    new Map([
      ["projector", 20_000_000],
      ["postgres", 12_000_000],
      ["nats-server", 6_000_000],
    ]),
  ),
  // Over the 1,000,000 rebuilt events: the command 20 µs, Postgres 5, nats-server 2 an event.
  rebuildMachine: machineCpuOf(
    1.2,
    new Map([
      ["rebuild CLI", 20_000_000],
      ["postgres", 5_000_000],
      ["nats-server", 2_000_000],
    ]),
  ),
  liveRssPeakMb: 190,
  rebuildRssPeakMb: 210,
  appendPerSecond: 30_000,
  opening: { openUs: 15, parseUs: 4 },
};

describe("issue 16's goals as the bench's targets", () => {
  const figures = figuresOf({
    quick: false,
    raw: rawLimits,
    ours: pipeline({ accepted: 12_000, sustained: 4_000, openP99: 3.5, endToEndP99: 60 }),
    peer: pipeline({ accepted: 5_000, sustained: 1_000, openP99: 9, endToEndP99: 30 }),
    projector,
  });
  const target = (id: string) => {
    const found = figures.find((f) => f.id === id);
    if (!found) throw new Error(`no figure ${id}`);
    return found.target ? { text: found.target.text, met: found.target.met } : undefined;
  };

  it("compares the ingress with bare node:http of the same run, and its sustained rate with the seed's", () => {
    expect(target("ours.accepted")).toEqual({ text: "≥ 0.5× bare node:http", met: true });
    expect(target("ours.open.p99")).toEqual({ text: "p99 ≤ 2× bare node:http's", met: true });
    expect(target("ours.e2e.p99")).toEqual({ text: "p99 < 50 ms", met: false });
    expect(target("ours.sustained")).toEqual({ text: "≥ 5× the seed's sustained throughput", met: false });
    // The peer is measured, not held to the goals.
    expect(target("peer.accepted")).toBeUndefined();
    expect(figures.find((f) => f.id === "ours.open.p99")?.comparedTo?.label).toBe("bare http, same schedule");
  });

  it("compares the projector with the batched upsert and the rebuild with COPY, and has no absolute rate left", () => {
    expect(target("projector.live")).toEqual({ text: "≥ 0.25× batched upsert", met: false });
    expect(target("projector.rebuild")).toEqual({ text: "≥ 0.25× COPY", met: true });
    expect(target("projector.rebuild.seconds")).toBeUndefined();
    expect(target("projector.live.rss")).toEqual({ text: "< 200 MB", met: true });
    expect(target("projector.rebuild.rss")).toEqual({ text: "< 200 MB", met: false });
  });

  it("holds Postgres and nats-server alone against the machine's CPU per event at the goal's rate", () => {
    const byId = (id: string) => figures.find((f) => f.id === id);
    // 2 cores = 2,000,000 µs a second over 0.25 x 100,000 upserted rows a second: 80 µs an event.
    expect(byId("projector.live-cpu.servers")?.value).toBe(90);
    expect(byId("projector.live-cpu.servers")?.comparedTo?.value).toBe(80);
    expect(byId("projector.live-cpu.machine")?.value).toBe(190);
    expect(byId("projector.live-cpu.projector")?.name).toBe(
      "CPU per event, projector, live from the 200,000-event backlog",
    );
    // Over 0.25 x 200,000 copied rows a second: 40 µs an event, more than the servers' 7.
    expect(byId("projector.rebuild-cpu.servers")?.value).toBe(7);
    expect(byId("projector.rebuild-cpu.servers")?.comparedTo?.value).toBe(40);
    expect(byId("projector.rebuild-cpu.rebuild-CLI")?.value).toBe(20);
    expect(byId("projector.rebuild-cpu.busy")?.name).toBe("machine cores busy, the rebuild of 1,000,000 events");
  });

  it("holds an event's opening alone against what the goal leaves the projector once the servers have had theirs", () => {
    const byId = (id: string) => figures.find((f) => f.id === id);
    // The rebuild's 40 µs an event less the servers' 7 leave the command 33.
    expect(byId("projector.rebuild-cpu.opening")?.value).toBe(15);
    expect(byId("projector.rebuild-cpu.opening")?.comparedTo?.value).toBe(33);
    expect(byId("projector.rebuild-cpu.opening")?.comparedTo?.label).toBe(
      "the machine's CPU per event at 0.25× COPY less Postgres's and nats-server's",
    );
    // Live, the servers' 90 are above the 80 the goal gives: nothing is left to compare with.
    expect(byId("projector.live-cpu.opening")?.value).toBe(15);
    expect(byId("projector.live-cpu.opening")?.comparedTo).toBeUndefined();
    // The parse's share of the whole opening.
    expect(byId("projector.opening.parse")?.value).toBe(4);
    expect(byId("projector.opening.parse")?.comparedTo?.value).toBe(15);
  });

  it("leaves the projector's rates without a target when the run measured no raw limits", () => {
    const alone = figuresOf({ quick: false, projector });
    expect(alone.find((f) => f.id === "projector.live")?.target).toBeUndefined();
    expect(alone.find((f) => f.id === "projector.rebuild")?.target).toBeUndefined();
  });
});
