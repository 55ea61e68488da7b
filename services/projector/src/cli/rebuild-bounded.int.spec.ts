import { type ContactErased, contactIdFor, signMessage, uuidv5 } from "@cloudpa/contracts";
import { appendSigned, createLogger, ServiceNats } from "@cloudpa/kit";
import { allRowsOf, migrateReadModel } from "@cloudpa/read-model";
import { eventFactory, everyEventStory, readAllRows } from "@cloudpa/read-model/testing";
import { testbed } from "@cloudpa/testkit";
import { headers } from "@nats-io/transport-node";
import { describe, expect, it } from "vitest";
import { ReadModelDatabase } from "../database/read-model-database.js";
import { appendEvents, foldOf, projectorEnvFor, withClient } from "../testing/projector-harness.js";
import { rebuildReadModel } from "./rebuild.js";

const f = eventFactory();
const replySid = f.sid("SM", 1_000_001);

function erased(customerNo: number, second: number): ContactErased {
  return {
    type: "ContactErased",
    version: 1,
    eventId: uuidv5(`erase:${customerNo}:${second}`),
    orgId: f.orgId,
    occurredAt: f.at(second),
    contactId: contactIdFor(f.orgId, f.customer(customerNo)),
    conversationIds: [f.conversationOf(customerNo)],
    erasedAt: f.at(second),
    requestedBy: "user-1",
    erased: { events: 5, commands: 0, outboundRecords: 0 },
  };
}

// The bulk load writes messages batch by batch and keeps few in memory (docs/decisions/024): with
// batches of 2 events and no message kept, every later event that reads an earlier message reads it
// back from the fresh table, and an erasure deletes what was written before it.
describe("rebuild with bounded memory", () => {
  const bed = testbed();

  it("reads written messages back and erases written rows, equal to the fold of the stream; forged events are refused", async () => {
    const { nats, db, keys } = bed;
    const events = [
      ...everyEventStory(f, replySid),
      f.inbound(500, 12, 30),
      f.replySent(501, 12, 31),
      f.inbound(502, 13, 32),
      f.replySent(503, 13, 33),
      f.inbound(504, 12, 34),
      // Late statuses of replies written long before.
      f.status(f.sid("SM", 1_000_501), 12, "delivered", 35),
      f.status(f.sid("SM", 1_000_503), 13, "read", 36),
      f.status(replySid, 7, "read", 37),
      // A redelivered inbound message, after its first copy was written.
      f.inbound(500, 12, 30),
      erased(12, 40),
      // The customer writes again after the erasure: that stays.
      f.inbound(505, 12, 41),
      f.status(f.sid("SM", 1_000_503), 13, "delivered", 42),
    ];
    await appendEvents(nats, keys, events);
    // Forged: the signed headers of one event on another body; and one unsigned.
    const tampered = f.inbound(600, 14, 50);
    const signedHeaders = headers();
    for (const [name, value] of Object.entries(signMessage(tampered, keys.signing.ingress).headers)) {
      signedHeaders.set(name, value);
    }
    const subject = nats.names.conversationEventSubject(f.orgId, tampered.conversationId, "inbound_received");
    const forged = await nats.js.publish(subject, Buffer.from(JSON.stringify({ ...tampered, body: "forged" })), {
      headers: signedHeaders,
    });
    const unsigned = await nats.js.publish(subject, Buffer.from(JSON.stringify(f.inbound(601, 14, 51))));
    const after = f.inbound(602, 14, 52);
    const last = await appendSigned(nats.js, nats.names, after, keys.signing.ingress);

    const env = projectorEnvFor(nats, db.url, keys);
    const projectorNats = await ServiceNats.connect(env, { clientName: "rebuild-bounded-test" });
    const database = await ReadModelDatabase.open(db.url, "readmodel");
    try {
      const report = await rebuildReadModel({
        nats: projectorNats,
        pool: database.pool,
        keyring: env.EVENT_PUBLIC_KEYS,
        migrateFreshSchema: (schema: string) => migrateReadModel(db.url, schema),
        logger: createLogger("rebuild", "silent"),
        batchSize: 2,
        keptMessages: 0,
      });
      expect(report.checkpoint).toBe(last.seq);
    } finally {
      await database.close();
      await projectorNats.close();
    }

    const rows = await withClient(db.url, (client) => readAllRows(client, "readmodel"));
    expect(rows).toEqual(allRowsOf(foldOf([...events, after])));
    expect(rows.messages.find((m) => m.providerSid === f.sid("SM", 1_000_503))?.status).toBe("read");
    expect(rows.messages.filter((m) => m.conversationId === f.conversationOf(12)).map((m) => m.body)).toEqual([
      "message 505",
    ]);
    const quarantined = await withClient(
      db.url,
      async (client) => (await client.query("select seq, reason_code from readmodel.quarantine order by seq")).rows,
    );
    expect(quarantined.map((row) => [Number(row.seq), row.reason_code])).toEqual([
      [forged.seq, "ENVELOPE.BAD_SIGNATURE"],
      [unsigned.seq, "ENVELOPE.UNSIGNED"],
    ]);
  }, 120_000);
});
