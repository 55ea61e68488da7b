import { DEFAULT_ORG_ID } from "@cloudpa/contracts";
import { jetstream } from "@nats-io/jetstream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationOf, customers, customersWrite, freelancerReplies, outcomesOf } from "../harness/customer-load.js";
import { readEventLog } from "../harness/event-log.js";
import { type FaultScenario, startScenario } from "../harness/fault-scenario.js";
import { projectorCaughtUp, withClient } from "../harness/invariants.js";
import { type SchemaSnapshot, snapshotSchema } from "../harness/schema-snapshot.js";
import { streamQuiet } from "../harness/stream-quiet.js";

/** Columns that say when a row was written or by which holder (the fencing token), not what the inbox holds. */
const CLOCKS = { projection_checkpoint: ["updated_at", "lease_epoch"], mikro_orm_migrations: ["id", "executed_at"] };

// The read model is disposable: with its whole database gone, `cli.js rebuild` into a fresh
// empty database gives back the inbox exactly, and the projector goes on from there.
describe("the read model's database lost and rebuilt from the stream", () => {
  let scenario: FaultScenario;

  beforeAll(async () => {
    scenario = await startScenario({ services: ["ingress", "projector", "outbound"] });
  }, 180_000);
  afterAll(() => scenario?.stop());

  const readLog = () => readEventLog(scenario.nc, scenario.names, scenario.keys.keyring);
  const snapshot = () => withClient(scenario.db.url, (client) => snapshotSchema(client, "readmodel", CLOCKS));
  const serverUrl = () => {
    const url = new URL(scenario.db.url);
    url.pathname = "/postgres";
    return url.toString();
  };

  it("drops the read-model database, rebuilds it with the CLI, and every readmodel table is the same, row by row", async () => {
    // An inbox with inbound messages, replies with their status callbacks, and one poison event in quarantine.
    const people = customers(8);
    const outcomes = await customersWrite(scenario.sim, 60, { from: people, label: "disposable" });
    expect(outcomes.every((outcome) => outcome.webhookStatus === 200)).toBe(true);
    const commands = await freelancerReplies(
      scenario.nc,
      scenario.names,
      scenario.keys.signing.web,
      people.map(conversationOf),
      8,
    );
    await outcomesOf(readLog, commands);
    await jetstream(scenario.nc).publish(
      scenario.names.conversationEventSubject(DEFAULT_ORG_ID, "x", "inbound_received"),
      "{}",
    );
    // Every status callback in, then nothing more may come in.
    await streamQuiet(scenario.nc, scenario.names);
    await scenario.service("ingress").stop();
    await scenario.service("outbound").stop();
    const head = await streamQuiet(scenario.nc, scenario.names, { quietMs: 500 });
    const log = await readLog();
    expect(log.lastSeq).toBe(head);
    await projectorCaughtUp(scenario.db.url, log);
    const before = await snapshot();
    expect(before.message?.length).toBeGreaterThanOrEqual(60 + 8);
    expect(before.quarantine).toHaveLength(1);

    // The database is lost: the projector stopped, the database dropped, an empty one created.
    const projector = scenario.service("projector");
    await projector.stop();
    await scenario.db.drop();
    await withClient(serverUrl(), (client) => client.query(`create database "${scenario.db.name}"`));

    const rebuild = await projector.runCli("services/projector/dist/cli.js", ["rebuild"]);
    expect(rebuild.code, rebuild.stderr).toBe(0);
    expect(rebuild.stdout).toContain(`checkpoint ${head}`);
    const after: SchemaSnapshot = await snapshot();
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);

    // And the projector starts on the rebuilt database where the rebuild left off.
    projector.start();
    await projector.ready();
    expect(await snapshot()).toEqual(before);
  }, 180_000);
});
