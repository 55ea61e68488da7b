import { type Figure, figure, type Reference, under } from "../results.js";
import type { ScaleResult } from "./measure-scale.js";

/** Issue 17: a killed instance's partitions are taken over within 10 s. */
const TAKEOVER_BOUND_MS = 10_000;

export function scaleFigures(result: ScaleResult): Figure[] {
  const group = `scale (${result.backlog.toLocaleString("en-US")} events, ${result.orgs} orgs)`;
  const single = result.runs.find((run) => run.instances === 1);
  const vsSingle: Reference | undefined = single
    ? { kind: "baseline", label: "1 instance", value: single.perSecond }
    : undefined;
  const figures = result.runs.map((run) =>
    figure({
      id: `scale.live.${run.instances}`,
      group,
      name: `live events/s, ${run.instances} projector instance${run.instances === 1 ? "" : "s"}`,
      value: run.perSecond,
      unit: "events/s",
      better: "higher",
      comparedTo: run.instances === 1 ? undefined : vsSingle,
      note: `${Math.round(run.withStartPerSecond)} events/s with start-up; ${run.partitionsCheckpointed} partition checkpoints`,
    }),
  );
  const takeover = result.takeover;
  if (takeover) {
    figures.push(
      figure({
        id: "scale.takeover",
        group,
        name: `SIGKILL of 1 of ${takeover.instances} instances to its partitions' new events applied`,
        value: takeover.takeoverMs,
        unit: "ms",
        better: "lower",
        comparedTo: { kind: "baseline", label: "same probe, no kill", value: takeover.liveProbeMs },
        target: under("taken over within 10 s", takeover.takeoverMs, TAKEOVER_BOUND_MS),
        note: `probe of ${takeover.probeEvents} events (one per org); ${takeover.partitions} partitions, ${
          takeover.partitionsTakenOver === undefined
            ? "holders not recorded"
            : `${takeover.partitionsTakenOver} taken over`
        }`,
      }),
    );
  }
  figures.push(
    figure({
      id: "scale.stream.bytes",
      group,
      name: "EVENTS stream bytes per event (InboundMessageReceived, R1)",
      value: result.streamBytesPerEvent,
      unit: "B",
      better: "lower",
    }),
    figure({
      id: "scale.readmodel.bytes",
      group,
      name: "read model bytes per message (readmodel.message with indexes)",
      value: result.readModelBytesPerMessage,
      unit: "B",
      better: "lower",
    }),
  );
  return figures;
}
