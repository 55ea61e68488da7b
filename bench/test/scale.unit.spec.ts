import { DEFAULT_ORG_ID } from "@cloudpa/contracts";
import { describe, expect, it } from "vitest";
import { backlogEvent } from "../src/figures/event-backlog.js";
import type { ScaleResult } from "../src/scale/measure-scale.js";
import { scaleFigures } from "../src/scale/scale-figures.js";
import { scaleSizes } from "../src/scale/scale-sizes.js";

// The scale group's pure parts: a backlog over many orgs (partitions are by org, so one org
// would put the whole backlog in one partition) and the figures it reports.
describe("bench scale group", () => {
  it("spreads a backlog over its orgs, each conversation in one org, and the default org without orgs", () => {
    const { conversations, orgs } = { conversations: 1024, orgs: 256 };
    const orgOf = new Map<string, string>();
    for (let n = 0; n < 4 * conversations; n++) {
      const event = backlogEvent(n, conversations, "run", orgs);
      const seen = orgOf.get(event.conversationId);
      if (seen) expect(event.orgId).toBe(seen);
      orgOf.set(event.conversationId, event.orgId);
    }
    expect(new Set(orgOf.values()).size).toBe(orgs);
    expect(backlogEvent(7, conversations, "run").orgId).toBe(DEFAULT_ORG_ID);
  });

  it("puts one event of every org in a probe that starts at a multiple of the conversation count", () => {
    for (const quick of [true, false]) {
      const sizes = scaleSizes(quick);
      const first = Math.ceil(sizes.backlog / sizes.conversations) * sizes.conversations;
      const probeOrgs = Array.from(
        { length: sizes.orgs },
        (_, i) => backlogEvent(first + i, sizes.conversations, "run", sizes.orgs).orgId,
      );
      expect(new Set(probeOrgs).size, `quick=${quick}`).toBe(sizes.orgs);
      expect(sizes.instanceCounts).toEqual([1, 2, 4]);
      expect(sizes.instanceCounts).toContain(sizes.takeoverInstances);
    }
  });

  it("reports each instance count against one instance and the takeover against the 10 s of issue 17", () => {
    const result: ScaleResult = {
      backlog: 1000,
      orgs: 256,
      appendPerSecond: 5000,
      runs: [1, 2, 4].map((instances) => ({
        instances,
        events: 1000,
        perSecond: 1000 * instances,
        withStartPerSecond: 500 * instances,
        partitionsCheckpointed: 16,
      })),
      takeover: {
        instances: 2,
        probeEvents: 256,
        liveProbeMs: 200,
        takeoverMs: 12_000,
        partitions: 16,
        partitionsTakenOver: 8,
      },
      streamBytesPerEvent: 1100,
      readModelBytesPerMessage: 700,
    };
    const figures = scaleFigures(result);
    const byId = new Map(figures.map((f) => [f.id, f]));
    expect(byId.get("scale.live.1")?.comparedTo).toBeUndefined();
    expect(byId.get("scale.live.4")?.ratio).toBe(4);
    const takeover = byId.get("scale.takeover");
    expect(takeover?.target?.met).toBe(false);
    expect(takeover?.ratio).toBe(60);
    expect(takeover?.note).toContain("8 taken over");
    expect(byId.get("scale.stream.bytes")?.value).toBe(1100);
    expect(byId.get("scale.readmodel.bytes")?.value).toBe(700);
  });
});
