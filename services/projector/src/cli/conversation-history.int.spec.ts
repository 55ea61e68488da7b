import { HEADER_KEY_ID, HEADER_SIGNATURE, signMessage, subjectOf } from "@cloudpa/contracts";
import { conversationHistory, conversationsOfMessageSid } from "@cloudpa/read-model";
import { eventFactory } from "@cloudpa/read-model/testing";
import { testbed } from "@cloudpa/testkit";
import { headers } from "@nats-io/transport-node";
import { beforeAll, describe, expect, it } from "vitest";
import { ReadModelDatabase } from "../database/read-model-database.js";
import { appendEvents, projectorCaughtUp, projectorEnvFor, startProjector } from "../testing/projector-harness.js";

const mine = eventFactory("3a0c1f0e-5b6d-4c7e-8f90-a1b2c3d4e5f6");
const theirs = eventFactory("9e8d7c6b-5a49-4837-a261-50f4e3d2c1b0");

describe("a conversation's history, read from the stream and joined with the read model", () => {
  const bed = testbed();
  let database: ReadModelDatabase;
  const conversationId = mine.conversationOf(1);
  const reply = mine.replySent(2, 1, 20);
  const forged = mine.inbound(3, 1, 30, { body: "a forged message" });
  const late = mine.inbound(4, 1, 40);

  beforeAll(async () => {
    const { nats, db, keys } = bed;
    const env = projectorEnvFor(nats, db.url, keys);
    const projector = bed.closeAfter(await startProjector(env));
    database = bed.closeAfter(await ReadModelDatabase.open(db.url, "readmodel", 2));

    await appendEvents(nats, keys, [
      mine.connected(0),
      theirs.connected(0),
      mine.inbound(1, 1, 10),
      // The other org's customer with the same number: another conversation, never in this history.
      theirs.inbound(1, 1, 11),
      mine.inbound(9, 2, 12),
      mine.status(reply.messageSid, 1, "delivered", 15),
      reply,
      mine.read(1, 25),
    ]);
    // Signed by no key the keyring knows: the projector quarantines it.
    const signed = signMessage(forged, keys.signing.ingress);
    const hdrs = headers();
    hdrs.set(HEADER_KEY_ID, "ingress-stolen");
    hdrs.set(HEADER_SIGNATURE, signed.headers[HEADER_SIGNATURE]);
    const { seq: forgedSeq } = await nats.js.publish(subjectOf(nats.names, forged), signed.data, { headers: hdrs });
    // Two orgs, so (likely) two partitions: each partition's checkpoint at its own last message.
    await projectorCaughtUp(nats, db.url, forgedSeq);
    await projector.close();
    await appendEvents(nats, keys, [late]);
  }, 120_000);

  it("lists the conversation's events in order, each verified and with the row it produced", async () => {
    const { nats, keys } = bed;
    const progress: [number, number][] = [];
    const history = await conversationHistory({
      js: nats.js,
      names: nats.names,
      db: database.pool,
      keyring: keys.keyring,
      conversationId,
      onProgress: (read, total) => progress.push([read, total]),
    });
    expect(
      history.entries.map((entry) => entry.event?.type ?? `refused ${entry.signature.valid || entry.signature.code}`),
    ).toEqual([
      "InboundMessageReceived",
      "MessageStatusUpdated",
      "ReplySent",
      "ConversationRead",
      "refused ENVELOPE.UNKNOWN_KEY",
      "InboundMessageReceived",
    ]);
    const [inbound, status, sent, read, refused, notYet] = history.entries;
    expect(inbound).toMatchObject({
      signature: { valid: true, keyId: "ingress-test" },
      row: { table: "message", row: { providerSid: mine.sid("SM", 1), body: "message 1" } },
      quarantine: null,
      projected: true,
    });
    // The status arrived before its reply; once the reply was projected, it is the message's status.
    expect(status?.row).toMatchObject({ table: "message", row: { id: reply.commandId, status: "delivered" } });
    expect(sent?.row).toMatchObject({ table: "message", row: { id: reply.commandId, direction: "outbound" } });
    expect(read?.row).toMatchObject({ table: "conversation", row: { id: conversationId, unreadCount: 0 } });
    expect(refused).toMatchObject({
      event: null,
      signature: { valid: false, keyId: "ingress-stolen", code: "ENVELOPE.UNKNOWN_KEY" },
      payload: { body: "a forged message" },
      quarantine: { reasonCode: "ENVELOPE.UNKNOWN_KEY" },
      row: null,
    });
    expect(notYet).toMatchObject({ projected: false, row: null, signature: { valid: true } });
    expect(history.conversations).toMatchObject([{ id: conversationId, orgId: mine.orgId }]);
    expect(progress.at(-1)).toEqual([6, 6]);
  });

  it("never mixes in another org's events, and narrows to one org when asked", async () => {
    const { nats, keys } = bed;
    const across = await conversationHistory({
      js: nats.js,
      names: nats.names,
      db: database.pool,
      keyring: keys.keyring,
      conversationId,
    });
    expect(new Set(across.entries.map((entry) => entry.event?.orgId ?? mine.orgId))).toEqual(new Set([mine.orgId]));
    const elsewhere = await conversationHistory({
      js: nats.js,
      names: nats.names,
      db: database.pool,
      keyring: keys.keyring,
      conversationId,
      orgId: theirs.orgId,
    });
    expect(elsewhere.entries).toEqual([]);
    expect(elsewhere.conversations).toEqual([]);
  });

  it("finds a conversation by MessageSid, in the read model or in quarantine", async () => {
    // A MessageSid names a message within one org only (decision 006): each org's is found.
    const found = await conversationsOfMessageSid(database.pool, mine.sid("SM", 1));
    expect(found.sort((a, b) => a.orgId.localeCompare(b.orgId))).toEqual([
      { orgId: mine.orgId, conversationId, foundIn: "message" },
      { orgId: theirs.orgId, conversationId: theirs.conversationOf(1), foundIn: "message" },
    ]);
    expect(await conversationsOfMessageSid(database.pool, forged.messageSid)).toEqual([
      { orgId: mine.orgId, conversationId, foundIn: "quarantine" },
    ]);
    expect(await conversationsOfMessageSid(database.pool, mine.sid("SM", 404))).toEqual([]);
  });

  it("refuses an id that would widen the subject filter", async () => {
    const { nats, keys } = bed;
    await expect(
      conversationHistory({
        js: nats.js,
        names: nats.names,
        db: database.pool,
        keyring: keys.keyring,
        conversationId: "*",
      }),
    ).rejects.toThrow("not a conversation id");
  });
});
