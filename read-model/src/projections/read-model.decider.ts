import type { CloudpaEvent, Decider } from "@cloudpa/contracts";
import { ReadModelWorkspace } from "../store/workspace.js";
import { projectEvent } from "./project-event.js";
import type { ProjectionRejection, ProjectionResult, RowChange } from "./rows.js";

/**
 * The read model as a `Decider` (decision 017): each stream event is decided into row changes
 * (or a rejection) from the rows it reads, and the rows evolve by those changes. The state is a
 * workspace updated in place, so `initialState` is a fresh, empty one each time it is read.
 * `ReadModelWorkspace.project` is this decide-then-evolve step, as the projector runs it.
 */
export const readModelDecider: Decider<CloudpaEvent, ReadModelWorkspace, RowChange, ProjectionResult> = {
  decide: (event, rows) => projectEvent(rows, event),
  evolve(workspace, change) {
    workspace.apply([change]);
    return workspace;
  },
  get initialState() {
    return new ReadModelWorkspace();
  },
};

/** The row changes of a result; a rejection changes nothing. */
export function changesOf(result: ProjectionResult): RowChange[] {
  return "changes" in result ? result.changes : [];
}

/** The rejections among results, in order. */
export function rejectionsOf(results: readonly ProjectionResult[]): ProjectionRejection[] {
  return results.flatMap((result) => ("rejected" in result ? [result.rejected] : []));
}
