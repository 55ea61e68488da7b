import type { StreamInfo } from "@nats-io/jetstream";
import { describe, expect, it } from "vitest";
import { streamQuorumOf } from "./stream-metrics.js";

type Info = Pick<StreamInfo, "config" | "cluster">;
const peer = (name: string, current: boolean, offline = false) => ({ name, current, offline, active: 0, lag: 0 });
const info = (replicas: number, cluster?: Info["cluster"]): Info =>
  ({ config: { num_replicas: replicas }, cluster }) as unknown as Info;

describe("a stream's quorum from its info", () => {
  it("counts a single server's stream as available with its one copy", () => {
    expect(streamQuorumOf(info(1))).toEqual({ available: 1, replicasCurrent: 1, replicasConfigured: 1 });
  });

  it("counts the leader and the current followers of a replicated stream", () => {
    const healthy = info(3, { leader: "n1", replicas: [peer("n2", true), peer("n3", true)] });
    expect(streamQuorumOf(healthy)).toEqual({ available: 1, replicasCurrent: 3, replicasConfigured: 3 });
    const oneBehind = info(3, { leader: "n1", replicas: [peer("n2", true), peer("n3", false, true)] });
    expect(streamQuorumOf(oneBehind)).toEqual({ available: 1, replicasCurrent: 2, replicasConfigured: 3 });
  });

  it("says unavailable when the stream has no leader or could not be asked", () => {
    const leaderless = info(3, { replicas: [peer("n2", false), peer("n3", false)] });
    expect(streamQuorumOf(leaderless)).toEqual({ available: 0, replicasCurrent: 0, replicasConfigured: 3 });
    expect(streamQuorumOf(undefined)).toEqual({ available: 0, replicasCurrent: 0, replicasConfigured: 0 });
  });
});
