/**
 * The shape of every pure core that turns what happened into what to do (decision 017). `evolve`
 * folds one event into the state, starting from `initialState`; `decide` answers a command from
 * that state, with everything it needs (the time, a registry's view) in the command: no I/O, no
 * clock. The shell around a decider reads the events, calls `decide`, and carries out the
 * decision.
 *
 * `Decision` is the decider's own answer: its events, or more when the shell must act on it
 * (call Twilio, retry later). The test kit's `specification` runs any decider given/when/then.
 *
 * The outbound's SendReply decider and the read model's projection both have this shape; a
 * projection decides row changes from a stream event and evolves its rows by them.
 */
export interface Decider<Command, State, Event, Decision = readonly Event[]> {
  decide(command: Command, state: State): Decision;
  evolve(state: State, event: Event): State;
  /** The state before any event. A decider whose state is updated in place hands out a fresh one each time. */
  readonly initialState: State;
}

/**
 * One step of any decider: decide `command` from `state`, then evolve the state by the
 * decision's events (`eventsOf` finds them when the decision is more than a list of events).
 * The shells and the test kit's `specification` all step a decider through this one fold.
 */
export function decideThenEvolve<Command, State, Event, Decision>(
  decider: Decider<Command, State, Event, Decision>,
  eventsOf: (decision: Decision) => readonly Event[],
  command: Command,
  state: State,
): { decision: Decision; state: State } {
  const decision = decider.decide(command, state);
  return { decision, state: eventsOf(decision).reduce(decider.evolve, state) };
}
