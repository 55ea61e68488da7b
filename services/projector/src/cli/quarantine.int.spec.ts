import { publicKeysSchema } from "@cloudpa/contracts";
import { ServiceNats } from "@cloudpa/kit";
import { eventFactory } from "@cloudpa/read-model/testing";
import { type TestKeys, testbed } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { ReadModelDatabase } from "../database/read-model-database.js";
import {
  appendEvents,
  projectorCaughtUp,
  projectorEnvFor,
  startProjector,
  withClient,
} from "../testing/projector-harness.js";
import { runQuarantineCommand } from "./quarantine.js";
import type { QuarantineItem, RetryResult } from "./quarantine-format.js";

/** The keyring without the ingress's key: what an operator who forgot to add it would run with. */
function keyringWithout(keys: TestKeys, keyId: string) {
  const entries = JSON.parse(String(keys.env.EVENT_PUBLIC_KEYS)) as Record<string, unknown>;
  delete entries[keyId];
  return JSON.stringify(entries);
}

describe("cloudpa quarantine on the projector's quarantined events", () => {
  const bed = testbed();
  let cli: { nats: ServiceNats; database: ReadModelDatabase };

  /** Runs the command as `npm run cloudpa -- quarantine …` would, with the keyring given. */
  async function quarantine(args: string[], eventPublicKeys: string) {
    let stdout = "";
    let stderr = "";
    const status = await runQuarantineCommand(args, {
      nats: cli.nats,
      pool: cli.database.pool,
      keyring: publicKeysSchema.parse(eventPublicKeys),
      out: { write: (text: string) => (stdout += text) },
      err: { write: (text: string) => (stderr += text) },
    });
    return { status, stdout, stderr };
  }

  it("lists and shows events quarantined for an unknown key, keeps them while the key is missing, and projects each once after the fix", async () => {
    const { nats, db, keys } = bed;
    const broken = keyringWithout(keys, keys.signing.ingress.keyId);
    const fixed = String(keys.env.EVENT_PUBLIC_KEYS);
    const env = projectorEnvFor(nats, db.url, keys, { EVENT_PUBLIC_KEYS: broken });
    bed.closeAfter(await startProjector(env));
    cli = {
      nats: bed.closeAfter(await ServiceNats.connect(env, { clientName: "test-cli" })),
      database: bed.closeAfter(await ReadModelDatabase.open(db.url, "readmodel", 2)),
    };

    const f = eventFactory();
    const events = [f.inbound(1, 1, 10), f.inbound(2, 1, 20)];
    const acks = await appendEvents(nats, keys, events);
    const [first, second] = acks.map((ack) => ack.seq) as [number, number];
    await projectorCaughtUp(nats, db.url, second);

    const listed = await quarantine(["list", "--json"], broken);
    expect(listed.status).toBe(0);
    const items = JSON.parse(listed.stdout) as QuarantineItem[];
    expect(items.map((item) => item.id)).toEqual([`projector:${second}`, `projector:${first}`]);
    expect(items[1]).toMatchObject({
      source: "projector",
      seq: first,
      orgId: events[0]?.orgId,
      reasonCode: "ENVELOPE.UNKNOWN_KEY",
      stream: nats.names.eventsStream,
      status: "quarantined",
    });
    expect((await quarantine(["list", "--source", "outbound", "--json"], broken)).stdout).toBe("[]\n");
    expect((await quarantine(["list"], broken)).stdout).toContain("2 in quarantine, 2 waiting for a retry");

    const shown = await quarantine(["show", `projector:${first}`, "--json"], broken);
    expect(JSON.parse(JSON.parse(shown.stdout).payloadText)).toEqual(events[0]);
    expect((await quarantine(["show", `projector:${first}`], broken)).stdout).toContain(`seq ${first}`);
    expect(await quarantine(["show", "projector:999"], broken)).toMatchObject({
      status: 1,
      stderr: expect.stringContaining("nothing in quarantine"),
    });
    expect((await quarantine(["show", "12"], broken)).status).toBe(2);

    // Before the fix: tried again, still refused, kept with the reason.
    const early = await quarantine(["retry", `projector:${first}`, "--json"], broken);
    expect(early.status).toBe(1);
    expect(JSON.parse(early.stdout).results).toEqual([
      expect.objectContaining({
        id: `projector:${first}`,
        outcome: "still_failing",
        reasonCode: "ENVELOPE.UNKNOWN_KEY",
      }),
    ]);
    const messageCount = (sid: string) =>
      withClient(db.url, async (client) =>
        Number(
          (await client.query("select count(*) from readmodel.message where provider_sid = $1", [sid])).rows[0].count,
        ),
      );
    const sidOf = (at: number) => (events[at] as { messageSid: string }).messageSid;
    expect(await messageCount(sidOf(0))).toBe(0);

    // The key is added: one by id, then the rest with --all.
    const one = await quarantine(["retry", `projector:${first}`], fixed);
    expect(one).toMatchObject({ status: 0, stdout: expect.stringContaining(`projector:${first}: applied`) });
    expect(await messageCount(sidOf(0))).toBe(1);
    expect((await quarantine(["retry", `projector:${first}`], fixed)).status).toBe(1);

    const all = await quarantine(["retry", "--all", "--json"], fixed);
    expect(all.status).toBe(0);
    expect((JSON.parse(all.stdout).results as RetryResult[]).map((result) => [result.id, result.outcome])).toEqual([
      [`projector:${second}`, "applied"],
    ]);
    expect(await messageCount(sidOf(1))).toBe(1);
    expect(await messageCount(sidOf(0))).toBe(1);
    expect(JSON.parse((await quarantine(["list", "--json"], fixed)).stdout)).toEqual([]);
    expect(JSON.parse((await quarantine(["retry", "--all", "--json"], fixed)).stdout)).toEqual({ results: [] });
    // Each message counted once in its conversation, though the first was retried twice.
    const conversations = await withClient(
      db.url,
      async (client) => (await client.query("select unread_count from readmodel.conversation")).rows,
    );
    expect(conversations).toEqual([{ unread_count: 2 }]);
  }, 120_000);
});
