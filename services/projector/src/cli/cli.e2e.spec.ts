import { eventFactory } from "@cloudpa/read-model/testing";
import { endpointOf, runNode, tcpProxy, testbed, viaProxy } from "@cloudpa/testkit";
import { beforeAll, describe, expect, it } from "vitest";
import {
  appendEvents,
  appendPipelined,
  buildProjector,
  moduleTrace,
  processEnvFor,
  runCli,
  trafficOf,
  withClient,
} from "../testing/projector-harness.js";

describe("operator CLI (node services/projector/dist/cli.js)", () => {
  const bed = testbed();
  let env: Record<string, string>;

  beforeAll(async () => {
    await buildProjector();
    env = processEnvFor(bed.nats, bed.db.url, bed.keys);
  });

  it("migrates once, rebuilds from the stream, reports status, and replays a range without writing", async () => {
    const { nats, db, keys } = bed;
    expect(await runCli(["migrate"], env)).toMatchObject({ status: 0, stdout: expect.stringContaining("applied:") });
    expect(await runCli(["migrate"], env)).toMatchObject({ status: 0, stdout: "read model is up to date\n" });

    const events = trafficOf(300, { conversations: 20 });
    const lastSeq = await appendPipelined(nats, keys, events);
    await nats.js.publish(nats.names.conversationEventSubject(events[0]?.orgId ?? "", "x", "inbound_received"), "{}");

    const rebuild = await runCli(["rebuild", "--batch-size", "100"], env);
    expect(rebuild.stderr).toBe("");
    expect(rebuild).toMatchObject({
      status: 0,
      stdout: expect.stringMatching(/rebuilt: 301 events loaded at \d+ events\/s/),
    });

    const status = await runCli(["status", "--json"], env);
    expect(status.status).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      stream: nats.names.eventsStream,
      streamLastSeq: lastSeq + 1,
      projections: [{ projection: "inbox", checkpoint: lastSeq + 1, lag: 0 }],
      quarantined: 1,
      quarantinedByReason: { "ENVELOPE.UNSIGNED": 1 },
    });
    expect((await runCli(["status"], env)).stdout).toContain("projection inbox: checkpoint");

    // One event not yet applied (no projector runs): the dry run shows it, and writes nothing.
    const [late] = await appendEvents(nats, keys, [eventFactory().inbound(50_000, 3, 999)]);
    const replay = await runCli(["replay", "--from-seq", String(late?.seq), "--dry-run", "--json"], env);
    expect(replay.status).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({
      events: 1,
      tables: { messages: { inserted: 1, updated: 0 }, conversations: { updated: 1 } },
      quarantined: [],
    });
    const replayedAll = JSON.parse(
      (await runCli(["replay", "--from-seq", "1", "--to-seq", String(lastSeq), "--dry-run", "--json"], env)).stdout,
    );
    expect(replayedAll.tables.messages).toMatchObject({ inserted: 0, updated: 0 });
    const messages = await withClient(db.url, async (client) =>
      Number((await client.query("select count(*) from readmodel.message")).rows[0].count),
    );
    expect(messages).toBe(events.filter((e) => e.type === "InboundMessageReceived" || e.type === "ReplySent").length);

    expect((await runCli(["replay", "--from-seq", "1"], env)).status).toBe(2);
    expect((await runCli(["nonsense"], env)).status).toBe(2);
  }, 300_000);

  it("reports what Postgres knows when NATS does not answer, says so, and exits 1", async () => {
    // A NATS that takes the connection and answers nothing (frozen, or a network blackhole): the
    // status waited out nats.js's 20 s connect timeout and printed only "timeout".
    const proxy = bed.closeAfter(await tcpProxy(endpointOf(bed.nats.url, 4222)));
    proxy.delay(120_000);
    const frozen = { ...env, NATS_URL: viaProxy(bed.nats.url, proxy) };
    const status = await runCli(["status"], frozen);
    expect(status.status).toBe(1);
    expect(status.stdout).toMatch(/^NATS did not answer \(no answer within 5 s\)/);
    expect(status.stdout).toMatch(/^stream .+: last sequence \?$/m);
    expect(status.stdout).toMatch(/^projection inbox: checkpoint \d+, lag \? /m);
    expect(status.stdout).toContain("quarantined: 1\n  ENVELOPE.UNSIGNED: 1\n");
    expect(status.stdout).toContain("outbound commands quarantined: ? (kept in NATS)");
    const json = await runCli(["status", "--json"], frozen);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      stream: bed.nats.names.eventsStream,
      streamLastSeq: null,
      nats: { answered: false, error: "no answer within 5 s" },
      projections: [{ projection: "inbox", lag: null }],
      quarantined: 1,
      outboundQuarantined: null,
    });
  }, 120_000);

  it("migrates the schema it is named, refuses a name that is not one, and rebuilds without loading the ORM", async () => {
    const named = await runCli(["migrate", "--schema", "readmodel_named"], env);
    expect(named).toMatchObject({ status: 0, stdout: expect.stringContaining("applied:") });
    const tables = await withClient(bed.db.url, async (client) =>
      Number(
        (await client.query("select count(*) from information_schema.tables where table_schema = 'readmodel_named'"))
          .rows[0].count,
      ),
    );
    expect(tables).toBeGreaterThanOrEqual(10);
    // As the projector's log tells an operator whose read model is not migrated: `cloudpa migrate`.
    const routed = await runNode("scripts/cloudpa.mjs", ["migrate", "--schema", "readmodel_named"], env);
    expect(routed).toMatchObject({ status: 0, stdout: "read model is up to date\n" });
    expect(await runCli(["migrate", "--schema", 'x"; drop schema readmodel'], env)).toMatchObject({
      status: 1,
      stderr: expect.stringContaining("not a schema name"),
    });

    // The rebuild migrates its fresh schema in a child process (decision 041): MikroORM, its
    // migrator and kysely load there, never in the rebuild's own process.
    await appendPipelined(bed.nats, bed.keys, trafficOf(50, { conversations: 5 }));
    const trace = bed.closeAfter(moduleTrace());
    const rebuild = await runCli(["rebuild"], { ...env, ...trace.env });
    expect(rebuild).toMatchObject({ status: 0, stdout: expect.stringContaining("rebuilt:") });
    expect(trace.modulesOf("migrate").some((url) => url.includes("@mikro-orm"))).toBe(true);
    const rebuildModules = trace.modulesOf("rebuild");
    expect(rebuildModules.some((url) => url.includes("read-model/dist/projection.js"))).toBe(true);
    expect(rebuildModules.filter((url) => /@mikro-orm|kysely/.test(url))).toEqual([]);
  }, 300_000);
});
