import { type CloudpaEvent, type Decider, decideThenEvolve } from "@cloudpa/contracts";
import { ReadModelWorkspace } from "../store/workspace.js";
import { evolveRows } from "./evolve-rows.js";
import { projectEvent } from "./project-event.js";
import type { ProjectionRejection, ProjectionResult, RowChange } from "./rows.js";

/**
 * The read model as a `Decider` (decision 017): each stream event is decided into row changes
 * (or a rejection) from the rows it reads, and the rows evolve by those changes. The state is a
 * workspace updated in place, so `initialState` is a fresh, empty one each time it is read.
 */
export const readModelDecider: Decider<CloudpaEvent, ReadModelWorkspace, RowChange, ProjectionResult> = {
  decide: (event, rows) => projectEvent(rows, event),
  evolve: evolveRows,
  get initialState() {
    return new ReadModelWorkspace();
  },
};

/**
 * Projects one event into the rows: the decider's `decide`, then `evolve` by each change (a
 * rejection changes nothing). The one fold of the read model: the projector's batches, the
 * rebuild, replay and every test that wants the projector's rows run this, as the specs do.
 */
export function foldEvent(rows: ReadModelWorkspace, event: CloudpaEvent): ProjectionResult {
  return decideThenEvolve(readModelDecider, changesOf, event, rows).decision;
}

/** The row changes of a result; a rejection changes nothing. */
export function changesOf(result: ProjectionResult): RowChange[] {
  return "changes" in result ? result.changes : [];
}

/** The rejections among results, in order. */
export function rejectionsOf(results: readonly ProjectionResult[]): ProjectionRejection[] {
  return results.flatMap((result) => ("rejected" in result ? [result.rejected] : []));
}
