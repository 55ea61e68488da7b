import { type CloudpaEvent, type LiveNotice, openEvent } from "@cloudpa/contracts";
import {
  addRowKeysOf,
  emptyRowKeys,
  foldEvent,
  loadRows,
  ReadModelWorkspace,
  writeChangedRows,
  writeCheckpoint,
} from "@cloudpa/read-model";
import type { TestKeys, TestNats } from "@cloudpa/testkit";
import type pg from "pg";

/**
 * For browser specs that run no projector: `projectUntil(type, conversationId?)` waits for the web
 * to append an event of `type` (of that conversation, when given), opens every event appended since
 * the last call (web-signed, checked with the keyring), folds them all into the read model by the
 * projector's own fold, and returns the one of `type`. It starts after the stream's event `fromSeq`.
 * With `announce`, it then does the projector's last two steps as well: the checkpoint at the last
 * event folded, and each org's live notice with it, so an open page follows without a reload.
 */
export function foldAppended(
  nats: TestNats,
  keys: TestKeys,
  db: pg.Pool,
  fromSeq: number,
  { announce = false }: { announce?: boolean } = {},
) {
  let seq = fromSeq;
  return async function projectUntil(type: CloudpaEvent["type"], conversationId?: string): Promise<CloudpaEvent> {
    const events: CloudpaEvent[] = [];
    const deadline = Date.now() + 10_000;
    const wanted = (event: CloudpaEvent) =>
      event.type === type &&
      (conversationId === undefined || ("conversationId" in event && event.conversationId === conversationId));
    while (!events.some(wanted)) {
      if (Date.now() > deadline) throw new Error(`no ${type} appended; got ${events.map((e) => e.type).join(", ")}`);
      const stored = await nats.jsm.streams.getMessage(nats.names.eventsStream, { seq: seq + 1 }).catch(() => null);
      if (!stored) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      seq++;
      events.push(openEvent(stored.data, (name) => stored.header.get(name), keys.keyring));
    }
    const workspace = new ReadModelWorkspace();
    const rowKeys = emptyRowKeys();
    for (const event of events) addRowKeysOf(rowKeys, event);
    await loadRows(db, "readmodel", workspace, rowKeys);
    for (const event of events) foldEvent(workspace, event);
    await writeChangedRows(db, "readmodel", workspace.takeChanged());
    if (announce) {
      await writeCheckpoint(db, "readmodel", nats.names.eventsStream, seq);
      for (const orgId of new Set(events.map((event) => event.orgId))) {
        const notice: LiveNotice = { orgId, conversationIds: [], channelIds: [], checkpoint: seq };
        nats.nc.publish(nats.names.liveSubject(orgId), JSON.stringify(notice));
      }
    }
    return events.find(wanted) as CloudpaEvent;
  };
}
