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
