import { POSTGRES_CONNECT_TIMEOUT_MS } from "@cloudpa/read-model/projection";
import { eventFactory } from "@cloudpa/read-model/testing";
import { endpointOf, runNode, tcpProxy, testbed, viaProxy } from "@cloudpa/testkit";
import { AckPolicy } from "@nats-io/jetstream";
import { beforeAll, describe, expect, it } from "vitest";
import { partitionDurable } from "../consumer/projector-consumer.js";
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

  /** `url` through a proxy that takes connections and answers nothing, as a frozen server (SIGSTOP) does. */
  async function frozenUrl(url: string, defaultPort: number): Promise<string> {
    const proxy = bed.closeAfter(await tcpProxy(endpointOf(url, defaultPort)));
    proxy.delay(120_000);
    return viaProxy(url, proxy);
  }

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
    // --partitions: a line for each partition the JSON names, caught up or not.
    const every = await runCli(["status", "--partitions"], env);
    expect(every.status).toBe(0);
    expect(every.stdout.match(/^ {2}partition \d+: checkpoint \d+ \(written [^)]+\), lag /gm)).toHaveLength(
      JSON.parse(status.stdout).partitions.length,
    );

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

    // Help is printed and nothing runs (`rebuild --help` rebuilt the read model: the late event,
    // not applied, would then be in it), and an option a command does not take is refused.
    const checkpoint = async () =>
      JSON.parse((await runCli(["status", "--json"], env)).stdout).projections[0].checkpoint as number;
    const help = await runCli(["rebuild", "--help"], env);
    expect(help).toMatchObject({ status: 0, stdout: expect.stringContaining("rebuild [--batch-size N]") });
    // Its own options only, not every command's.
    expect(help.stdout).not.toContain("quarantine list");
    expect(await checkpoint()).toBe(lastSeq + 1);
    const typo = await runCli(["rebuild", "--batchsize", "100"], env);
    expect(typo).toMatchObject({ status: 2, stderr: expect.stringContaining("'--batchsize'") });
    expect(await checkpoint()).toBe(lastSeq + 1);
    expect((await runCli(["status", "--verbose"], env)).status).toBe(2);
    // A bad option is told before the configuration is read: with none (no DATABASE_URL, no .env) the
    // operator's mistyped number was reported as the missing variable, exit 1.
    const unconfigured = { EVENT_PUBLIC_KEYS: "", DATABASE_URL: "", CLOUDPA_ENV_FILE: "/nonexistent/.env" };
    for (const args of [
      ["rebuild", "--batch-size", "x"],
      ["replay", "--from-seq", "0", "--dry-run"],
    ]) {
      const bad = await runCli(args, unconfigured);
      expect(bad, args.join(" ")).toMatchObject({
        status: 2,
        stderr: expect.stringContaining("must be a positive integer"),
      });
    }
    expect(await runCli(["replay", "--dry-run"], unconfigured)).toMatchObject({
      status: 2,
      stderr: expect.stringContaining("replay needs --from-seq N and --dry-run"),
    });
  }, 300_000);

  it("reports what Postgres knows when NATS does not answer, says so, and exits 1", async () => {
    // A NATS that takes the connection and answers nothing (frozen, or a network blackhole): the
    // status waited out nats.js's 20 s connect timeout and printed only "timeout".
    const frozen = { ...env, NATS_URL: await frozenUrl(bed.nats.url, 4222) };
    const status = await runCli(["status"], frozen);
    expect(status.status).toBe(1);
    expect(status.stdout).toMatch(/^NATS did not answer \(no answer within 5 s\)/);
    expect(status.stdout).toMatch(/^stream .+: last sequence \?$/m);
    expect(status.stdout).toMatch(
      /^projection inbox: checkpoint \d+ \(written \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\), lag \?$/m,
    );
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

  it("reports what NATS knows when Postgres does not answer, says so, and exits 1 without waiting for it", async () => {
    // A Postgres that takes the connection and answers nothing (its process stopped): pg waits for
    // a connection without end, and the status hung with no output.
    const frozen = { ...env, DATABASE_URL: await frozenUrl(bed.db.url, 5432) };
    // Partition 0's consumer, as the projector holding it makes it: NATS knows its lag.
    const { eventsStream, partitionEventsFilter } = bed.nats.names;
    await bed.nats.jsm.consumers.add(eventsStream, {
      durable_name: partitionDurable(0),
      ack_policy: AckPolicy.Explicit,
      filter_subject: partitionEventsFilter(0),
    });
    try {
      const started = Date.now();
      const status = await runCli(["status"], frozen);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(status.status).toBe(1);
      expect(status.stdout).toMatch(
        /^Postgres did not answer \(no answer within 5 s\): .* are unknown; what follows is NATS's$/m,
      );
      expect(status.stdout).toMatch(/^stream .+: last sequence \d+$/m);
      expect(status.stdout).toContain("projections: ? (checkpoints kept in Postgres)\n");
      // Its consumer has nothing to project (the first case's events are another partition's): a
      // partition caught up is told in one line with the others caught up under the same holder.
      expect(status.stdout).toMatch(/^ {2}partition 0: lag 0, held by nobody$/m);
      expect(status.stdout).toContain("quarantined: ? (kept in Postgres)\n");
      expect(status.stdout).toMatch(/^outbound commands quarantined: 0 waiting for a retry, 0 retried$/m);
      const json = await runCli(["status", "--json"], frozen);
      expect(json.status).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({
        stream: eventsStream,
        streamLastSeq: (await bed.nats.jsm.streams.info(eventsStream)).state.last_seq,
        nats: { answered: true },
        postgres: { answered: false, error: "no answer within 5 s" },
        projections: null,
        partitions: [{ partition: 0, checkpoint: null, lag: expect.any(Number), holder: null, updatedAt: null }],
        quarantined: null,
        quarantinedByReason: null,
        outboundQuarantined: { waiting: 0, retried: 0 },
      });

      // Neither answers: both are said, and nothing else is known.
      const neither = await runCli(["status"], { ...frozen, NATS_URL: await frozenUrl(bed.nats.url, 4222) });
      expect(neither.status).toBe(1);
      expect(neither.stdout).toMatch(/^NATS did not answer \(no answer within 5 s\): .* are unknown\n/);
      expect(neither.stdout).toMatch(/^Postgres did not answer \(no answer within 5 s\): .* are unknown$/m);
      expect(neither.stdout).toMatch(/^stream .+: last sequence \?$/m);
      expect(neither.stdout).not.toContain("partition");
    } finally {
      await bed.nats.jsm.consumers.delete(eventsStream, partitionDurable(0));
    }
  }, 60_000);

  it("fails a command that needs Postgres within the connect limit when Postgres does not answer, saying so", async () => {
    // Before the limit, `quarantine list`, `rebuild` and `migrate` waited for the frozen Postgres without end.
    const frozen = { ...env, DATABASE_URL: await frozenUrl(bed.db.url, 5432) };
    for (const args of [["quarantine", "list"], ["rebuild"], ["migrate"]]) {
      const started = Date.now();
      const run = await runCli(args, frozen);
      expect(Date.now() - started, args.join(" ")).toBeLessThan(POSTGRES_CONNECT_TIMEOUT_MS + 8_000);
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toContain(
        `cloudpa ${args[0]}: Postgres did not accept a connection within ${POSTGRES_CONNECT_TIMEOUT_MS / 1000} s`,
      );
    }
  }, 90_000);

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
    // With no command, or help, the list of every part's commands; a command that is none, exit 2.
    const list = await runNode("scripts/cloudpa.mjs", ["help"], env);
    expect(list).toMatchObject({
      status: 0,
      stdout: expect.stringMatching(/rebuild.*\n.*reconcile\n.*tokens, operators/s),
    });
    expect(await runNode("scripts/cloudpa.mjs", ["rebiuld"], env)).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('unknown command "rebiuld"'),
    });
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
