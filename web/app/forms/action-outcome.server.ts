import { data } from "@remix-run/node";

type NoExtra = Record<never, never>;

/** An action done: its words for the user (an ActionOutcome), with what else the page needs. */
export function done<Extra extends object = NoExtra>(message: string, extra?: Extra) {
  return { ...(extra as Extra), ok: true as const, message };
}

/** An action refused: its words for the user, with the status that says why (400, 404, 409…). */
export function refused<Extra extends object = NoExtra>(message: string, status: number, extra?: Extra) {
  return data({ ...(extra as Extra), ok: false as const, message }, { status });
}
