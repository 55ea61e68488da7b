import { type Decider, decideThenEvolve } from "@cloudpa/contracts";
import { expect } from "vitest";

/** The decisions taken for the commands of `when`, and the state their events left. */
export interface When<State, Decision> {
  /** One per command, in order. */
  readonly decisions: Decision[];
  /** The last command's decision (there must be one). */
  readonly decision: Decision;
  /** The state after the history and every decision's events. */
  readonly state: State;
  /** Expects the last command's decision to equal `expected`. */
  then(expected: Decision): void;
}

/** The state after the history, ready for commands. */
export interface Given<Command, State, Decision> {
  readonly state: State;
  /** Decides each command in turn, evolving the state by each decision's events before the next. */
  when(...commands: readonly Command[]): When<State, Decision>;
}

export interface Specification<Command, State, Event, Decision> {
  /** Folds `history` through `evolve` from the decider's initial state. */
  given(history: readonly Event[]): Given<Command, State, Decision>;
  /** `given([]).when(…)`: the commands from the initial state (a projection's events, say). */
  when(...commands: readonly Command[]): When<State, Decision>;
}

/**
 * Given/when/then for any `Decider`: given the events so far, when commands arrive, then these
 * are the decisions (and the state they lead to). A decider whose decision is not a list of its
 * events says how to find them (`eventsOf`), so a second command sees the first one's effect.
 * The objects returned have a `then` method and are never awaited.
 */
export function specification<Command, State, Event>(
  decider: Decider<Command, State, Event, readonly Event[]>,
): Specification<Command, State, Event, readonly Event[]>;
export function specification<Command, State, Event, Decision>(
  decider: Decider<Command, State, Event, Decision>,
  eventsOf: (decision: Decision) => readonly Event[],
): Specification<Command, State, Event, Decision>;
export function specification<Command, State, Event, Decision>(
  decider: Decider<Command, State, Event, Decision>,
  eventsOf: (decision: Decision) => readonly Event[] = (decision) => decision as readonly Event[],
): Specification<Command, State, Event, Decision> {
  const given = (history: readonly Event[]): Given<Command, State, Decision> => {
    const state = history.reduce(decider.evolve, decider.initialState);
    return {
      state,
      when(...commands) {
        let current = state;
        const decisions = commands.map((command) => {
          const step = decideThenEvolve(decider, eventsOf, command, current);
          current = step.state;
          return step.decision;
        });
        const last = (): Decision => {
          if (decisions.length === 0) throw new Error("when() was given no command to decide");
          return decisions[decisions.length - 1] as Decision;
        };
        return {
          decisions,
          get decision() {
            return last();
          },
          state: current,
          // biome-ignore lint/suspicious/noThenProperty: specifications read given/when/then; this object is never awaited
          then(expected: Decision) {
            expect(last()).toEqual(expected);
          },
        };
      },
    };
  };
  return { given, when: (...commands) => given([]).when(...commands) };
}
