import { uuidv5 } from "@cloudpa/contracts";
import { type TestNats, testNats } from "@cloudpa/testkit";
import { Kvm } from "@nats-io/kv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Attempt, AttemptStore, attemptKeyOf } from "./attempt-store.js";

const ORG_A = uuidv5("org:alpha");
const ORG_B = uuidv5("org:bravo");
const COMMAND_ID = "6f1b7d2e-3c4a-4b5d-8e6f-7a8b9c0d1e2f";

const attemptOf = (orgId: string, phase: Attempt["phase"]): Attempt => ({
  commandId: COMMAND_ID,
  orgId,
  conversationId: uuidv5(`conversation:${orgId}`),
  phase,
  attemptedAt: "2026-12-02T10:00:00.000Z",
  owner: "test",
  sends: 1,
});

describe("the outbound's attempt store", () => {
  let nats: TestNats;
  let store: AttemptStore;
  beforeAll(async () => {
    nats = await testNats();
    store = new AttemptStore(await new Kvm(nats.nc).open(nats.names.outboundAttemptsBucket));
  });
  afterAll(async () => {
    await nats?.cleanup();
  });

  it("keeps two orgs' attempts of the same commandId apart: one org's settled send never stops the other's", async () => {
    await store.write(attemptOf(ORG_A, "settled"), undefined);
    expect(await store.get({ orgId: ORG_B, commandId: COMMAND_ID })).toBeUndefined();
    const bravo = await store.write(attemptOf(ORG_B, "sending"), undefined);
    expect(bravo.key).toBe(attemptKeyOf({ orgId: ORG_B, commandId: COMMAND_ID }));
    expect((await store.get({ orgId: ORG_A, commandId: COMMAND_ID }))?.attempt.phase).toBe("settled");
    expect((await store.get({ orgId: ORG_B, commandId: COMMAND_ID }))?.attempt.phase).toBe("sending");
  });

  it("finds an attempt written under the old bare commandId key, for its own org only, and goes on writing there", async () => {
    const legacyId = "0b9f1c1e-8f57-4d6b-9a0e-3c1f6b8e2d11";
    const kv = await new Kvm(nats.nc).open(nats.names.outboundAttemptsBucket);
    await kv.create(legacyId, JSON.stringify({ ...attemptOf(ORG_A, "sending"), commandId: legacyId }));

    expect(await store.get({ orgId: ORG_B, commandId: legacyId })).toBeUndefined();
    const found = await store.get({ orgId: ORG_A, commandId: legacyId });
    expect(found).toMatchObject({ key: legacyId, attempt: { phase: "sending" } });
    if (!found) throw new Error("legacy attempt not found");
    await store.write({ ...found.attempt, phase: "settled" }, found);
    expect((await store.get({ orgId: ORG_A, commandId: legacyId }))?.attempt.phase).toBe("settled");
  });
});
