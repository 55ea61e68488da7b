/** Sizes of the scale group: one backlog, projected by 1, 2 and 4 instances in turn. */
export interface ScaleSizes {
  /** Events appended once and projected from scratch by each instance count. */
  backlog: number;
  conversations: number;
  /** Organisations the conversations belong to (partitions are by organisation, so many). */
  orgs: number;
  instanceCounts: number[];
  /** The instance count whose run, once caught up, has one instance SIGKILLed. */
  takeoverInstances: number;
  /** How long one instance count may take to catch up before the group fails. */
  catchUpTimeoutMs: number;
  /** How long the survivor may take to apply the killed instance's partitions' new events. */
  takeoverTimeoutMs: number;
}

export function scaleSizes(quick: boolean): ScaleSizes {
  return quick
    ? {
        backlog: 10_000,
        conversations: 1024,
        orgs: 256,
        instanceCounts: [1, 2, 4],
        takeoverInstances: 2,
        catchUpTimeoutMs: 5 * 60_000,
        takeoverTimeoutMs: 60_000,
      }
    : {
        backlog: 200_000,
        conversations: 20_480,
        orgs: 256,
        instanceCounts: [1, 2, 4],
        takeoverInstances: 2,
        catchUpTimeoutMs: 20 * 60_000,
        takeoverTimeoutMs: 60_000,
      };
}
