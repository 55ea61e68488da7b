import type { CloudpaStreamNames } from "@cloudpa/contracts";
import type { JetStreamManager, StreamInfo } from "@nats-io/jetstream";
import { Gauge, type Registry } from "prom-client";
import { answeredWithinProbe } from "./probe-budget.js";

/** What one stream's info says about its copies; `undefined` info: the stream could not be asked. */
export interface StreamQuorum {
  /** 1 when the stream answers through its leader (a replicated stream has one only with a quorum). */
  available: 0 | 1;
  /** The leader and the followers that are current. */
  replicasCurrent: number;
  /** The replica count the stream is configured with (0 when it could not be asked). */
  replicasConfigured: number;
}

export function streamQuorumOf(info: Pick<StreamInfo, "config" | "cluster"> | undefined): StreamQuorum {
  if (!info) return { available: 0, replicasCurrent: 0, replicasConfigured: 0 };
  const replicasConfigured = info.config.num_replicas;
  // A stream on a single server has no cluster block: its one copy is the one that answered.
  if (!info.cluster) return { available: 1, replicasCurrent: 1, replicasConfigured };
  const leader = info.cluster.leader ? 1 : 0;
  const followers = (info.cluster.replicas ?? []).filter((replica) => replica.current && !replica.offline).length;
  return { available: leader ? 1 : 0, replicasCurrent: leader + followers, replicasConfigured };
}

/** The streams every service may ask STREAM.INFO of: EVENTS, COMMANDS and the channels KV. */
export function watchedStreams(names: CloudpaStreamNames): string[] {
  return [names.eventsStream, names.commandsStream, `KV_${names.channelsBucket}`];
}

/**
 * `cloudpa_stream_available`, `cloudpa_stream_replicas_current` and `cloudpa_stream_replicas_configured`
 * per stream, read from JetStream's stream info at each scrape (a stream that does not answer within
 * the probe budget reads 0). Every service registers them on its own registry, so the quorum is
 * still seen while any one service can reach NATS.
 */
export function registerStreamMetrics(registry: Registry, jsm: JetStreamManager, names: CloudpaStreamNames): void {
  const streams = watchedStreams(names);
  // A scrape starts the three gauges' collects at once: one round of stream infos, shared while it
  // is asked, serves them all. Not kept after it: a scrape right after would read the last one's.
  let round: Promise<Map<string, StreamQuorum>> | undefined;
  const quorums = () => {
    round ??= Promise.all(
      streams.map(async (stream) => {
        const info = await answeredWithinProbe(jsm.streams.info(stream));
        return [stream, streamQuorumOf(info)] as const;
      }),
    )
      .then((entries) => new Map(entries))
      .finally(() => {
        round = undefined;
      });
    return round;
  };
  const gauge = (name: string, help: string, read: (quorum: StreamQuorum) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ["stream"],
      registers: [registry],
      async collect() {
        for (const [stream, quorum] of await quorums()) this.set({ stream }, read(quorum));
      },
    });
  gauge("cloudpa_stream_available", "1 when the stream has a leader and answers, 0 when not.", (q) => q.available);
  gauge("cloudpa_stream_replicas_current", "The stream's leader and current followers.", (q) => q.replicasCurrent);
  gauge("cloudpa_stream_replicas_configured", "The stream's configured replica count.", (q) => q.replicasConfigured);
}
