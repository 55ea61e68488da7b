import { type CloudpaEvent, signMessage, subjectOf } from "@cloudpa/contracts";
import { foldEvent, ReadModelWorkspace, writeChangedRows, writeCheckpoint } from "@cloudpa/read-model";
import type { TestKeys, TestNats } from "@cloudpa/testkit";
import { headers } from "@nats-io/transport-node";
import type pg from "pg";

/**
 * Appends events signed by the producer that owns each, then writes what the projector would
 * have made of them (the pure projections, checkpoint at the last sequence): the web's admin
 * tests need a stream and a read model that agree, without running the projector.
 */
export async function appendProjected(nats: TestNats, keys: TestKeys, db: pg.Pool, events: CloudpaEvent[]) {
  let lastSeq = 0;
  for (const event of events) {
    const producer =
      event.type === "InboundMessageReceived" || event.type === "MessageStatusUpdated"
        ? keys.signing.ingress
        : event.type === "ReplySent" || event.type === "ReplyFailed"
          ? keys.signing.outbound
          : keys.signing.web;
    const signed = signMessage(event, producer);
    const hdrs = headers();
    for (const [name, value] of Object.entries(signed.headers)) hdrs.set(name, value);
    lastSeq = (await nats.js.publish(subjectOf(nats.names, event), signed.data, { headers: hdrs })).seq;
  }
  const workspace = new ReadModelWorkspace();
  for (const event of events) foldEvent(workspace, event);
  await writeChangedRows(db, "readmodel", workspace.takeChanged());
  await writeCheckpoint(db, "readmodel", nats.names.eventsStream, lastSeq);
}
