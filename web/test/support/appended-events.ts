import { type CloudpaEvent, type Keyring, openEvent } from "@cloudpa/contracts";
import {
  addRowKeysOf,
  emptyRowKeys,
  foldEvent,
  loadRows,
  ReadModelWorkspace,
  writeChangedRows,
} from "@cloudpa/read-model";
import type { TestNats } from "@cloudpa/testkit";
import type pg from "pg";

/**
 * For int specs that run no projector (issue 15): `start()` marks the stream's end; `appended()`
 * opens every event appended since the last call with the keyring (so each is signed by a trusted
 * key); `projectAppended()` also does what the projector does with them: loads the rows they read,
 * folds them, writes the changed rows.
 */
export function appendedEvents(nats: Pick<TestNats, "jsm" | "names">, keyring: Keyring, db: pg.Pool) {
  let seq = 0;
  async function appended(): Promise<CloudpaEvent[]> {
    const events: CloudpaEvent[] = [];
    for (;;) {
      const stored = await nats.jsm.streams.getMessage(nats.names.eventsStream, { seq: seq + 1 }).catch(() => null);
      if (!stored) return events;
      seq++;
      events.push(openEvent(stored.data, (name) => stored.header.get(name), keyring));
    }
  }
  return {
    async start(): Promise<void> {
      seq = (await nats.jsm.streams.info(nats.names.eventsStream)).state.last_seq;
    },
    appended,
    async projectAppended(): Promise<CloudpaEvent[]> {
      const events = await appended();
      const workspace = new ReadModelWorkspace();
      const keys = emptyRowKeys();
      for (const event of events) addRowKeysOf(keys, event);
      await loadRows(db, "readmodel", workspace, keys);
      for (const event of events) foldEvent(workspace, event);
      await writeChangedRows(db, "readmodel", workspace.takeChanged());
      return events;
    },
  };
}
