import { setImmediate as nextTurn } from "node:timers/promises";
import { EnvelopeError, type Keyring, openEvent } from "@cloudpa/contracts";
import type { OpenedEvent, StreamEvent } from "./stream-event.js";

/** Checks signature, schema and permission of each event (contracts' `openEvent`). */
export function openStreamEvents(batch: StreamEvent[], keyring: Keyring): OpenedEvent[] {
  return batch.map((source) => {
    try {
      return { source, event: openEvent(source.data, source.header, keyring) };
    } catch (error) {
      if (error instanceof EnvelopeError) return { source, refused: { code: error.code, reason: error.message } };
      throw error;
    }
  });
}

/** Events opened between two turns of the event loop: at most ~6 ms of Ed25519 checks on 2 cores. */
export const EVENTS_PER_TURN = 64;

/**
 * `openStreamEvents` on the calling thread, with a turn of the event loop every EVENTS_PER_TURN
 * events. A batch of 1,000 events signed one by one is ~90 ms of verification; several batches of
 * a process's consumers back to back, on a loaded machine, held its loop for seconds, in which no
 * timer, socket read, heartbeat or lease renewal of that process ran (an in-process publish's
 * ack timed out behind them: rebuild.int under CI's load).
 */
export async function openStreamEventsInTurns(batch: StreamEvent[], keyring: Keyring): Promise<OpenedEvent[]> {
  const opened: OpenedEvent[] = [];
  for (let at = 0; at < batch.length; at += EVENTS_PER_TURN) {
    if (at > 0) await nextTurn();
    opened.push(...openStreamEvents(batch.slice(at, at + EVENTS_PER_TURN), keyring));
  }
  return opened;
}
