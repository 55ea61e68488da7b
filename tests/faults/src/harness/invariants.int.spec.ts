import { randomUUID } from "node:crypto";
import { cloudpaNames } from "@cloudpa/contracts";
import { migrateReadModel, READ_MODEL_SCHEMA, writeCheckpoint } from "@cloudpa/read-model";
import { legacySubjectOf, type TestDatabase, testDatabase, withClient } from "@cloudpa/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type EventLog, partitionOfSubject } from "./event-log.js";
import { laggingPartitions, projectorCaughtUp } from "./invariants.js";

const names = cloudpaNames("inv", { partitions: 4 });
const stream = names.eventsStream;

/** Two orgs in different partitions of four. */
function orgsInTwoPartitions(): [string, string] {
  const first = randomUUID();
  for (;;) {
    const second = randomUUID();
    if (names.partitionOf(second) !== names.partitionOf(first)) return [first, second];
  }
}

/** A log of rejected messages on the given subjects, at the given sequences (what the wait reads of a log). */
function logOf(messages: Array<[seq: number, subject: string]>): EventLog {
  return {
    events: [],
    rejected: messages.map(([seq, subject]) => ({
      seq,
      subject,
      partition: partitionOfSubject(names, subject),
      code: "unsigned",
    })),
    lastSeq: Math.max(...messages.map(([seq]) => seq)),
  };
}

describe("the projector's catch-up wait, partition by partition", () => {
  let db: TestDatabase;
  const [orgA, orgB] = orgsInTwoPartitions();
  const partitionA = names.partitionOf(orgA);
  const partitionB = names.partitionOf(orgB);
  const subjectA = names.conversationEventSubject(orgA, randomUUID(), "inbound_received");
  const subjectB = names.conversationEventSubject(orgB, randomUUID(), "inbound_received");
  // A's last message is 3, B's 5: B's checkpoint at 5 is the stream's last sequence.
  const log = logOf([
    [1, subjectA],
    [2, subjectA],
    [3, subjectA],
    [4, subjectB],
    [5, subjectB],
  ]);
  const checkpoint = (partition: number, seq: number) =>
    withClient(db.url, (client) => writeCheckpoint(client, READ_MODEL_SCHEMA, stream, seq, { partition }));

  beforeAll(async () => {
    db = await testDatabase();
    await migrateReadModel(db.url);
  });
  afterAll(() => db?.drop());
  beforeEach(() => withClient(db.url, (client) => client.query("delete from readmodel.projection_checkpoint")));

  it("reads each message's partition from its subject, in either format", () => {
    expect(partitionOfSubject(names, subjectA)).toBe(partitionA);
    const legacy = legacySubjectOf(names, {
      type: "ConversationRead",
      orgId: orgB,
      conversationId: randomUUID(),
    } as Parameters<typeof legacySubjectOf>[1]);
    expect(legacy).not.toContain(".p");
    expect(partitionOfSubject(names, legacy)).toBe(partitionB);
    expect(partitionOfSubject(names, "inv.evt.nonsense")).toBeNull();
  });

  it("is not caught up while one partition is behind, though another reached the stream's last sequence", async () => {
    await checkpoint(partitionB, 5);
    await checkpoint(partitionA, 1);
    const lagging = await withClient(db.url, (client) => laggingPartitions(client, log));
    expect(lagging).toEqual([{ partition: partitionA, lastSeq: 3, checkpoint: 1, behind: 2 }]);
    await expect(projectorCaughtUp(db.url, log, 500)).rejects.toThrow(
      `partition ${partitionA} at 1, its last message 3 (2 behind)`,
    );
  });

  it("is caught up once every partition reached its own last message", async () => {
    await checkpoint(partitionB, 5);
    await checkpoint(partitionA, 3);
    await projectorCaughtUp(db.url, log, 500);
  });

  it("counts the whole stream's checkpoint (from before partitions) for every partition", async () => {
    await checkpoint(-1, 3);
    expect(await withClient(db.url, (client) => laggingPartitions(client, log))).toEqual([
      { partition: partitionB, lastSeq: 5, checkpoint: 3, behind: 2 },
    ]);
    await checkpoint(-1, 5);
    await projectorCaughtUp(db.url, log, 500);
  });

  it("waits for a message whose subject names no partition until some checkpoint passes it", async () => {
    const withStray = logOf([
      [1, subjectA],
      [2, "inv.evt.nonsense"],
    ]);
    await checkpoint(partitionA, 1);
    expect(await withClient(db.url, (client) => laggingPartitions(client, withStray))).toEqual([
      { partition: null, lastSeq: 2, checkpoint: 1, behind: 1 },
    ]);
    await checkpoint(partitionA, 2);
    await projectorCaughtUp(db.url, withStray, 500);
  });
});
