import { publicKeysSchema } from "@cloudpa/contracts";
import { ensureBuilt, runNode, type TestDatabase, testDatabase, waitFor } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboundApp } from "../outbound-app.js";
import { COMMANDS_CONSUMER } from "../send-reply/commands-consumer.js";
import { type OutboundFixture, outboundFixture } from "../testing/outbound-fixture.js";

/** `npm run cloudpa -- <args>` without npm: scripts/cloudpa.mjs maps the command to its owner's built CLI. */
const cloudpa = (args: string[], env: Record<string, string>) => runNode("scripts/cloudpa.mjs", args, env);

describe("cloudpa quarantine on the outbound's quarantined commands", () => {
  let db: TestDatabase;
  let fixture: OutboundFixture;
  let brokenKeys: string;
  let fixedKeys: string;

  beforeAll(async () => {
    await ensureBuilt("services");
    db = await testDatabase();
  });
  afterAll(async () => {
    await fixture?.close();
    await db?.drop();
  });

  it("keeps a command signed by a key the outbound does not know, lists and shows it, keeps it while unfixed, and sends it exactly once after the fix", async () => {
    // The cause: the outbound runs with a keyring that lacks the web's key.
    fixture = await outboundFixture();
    fixedKeys = String(fixture.keys.env.EVENT_PUBLIC_KEYS);
    const entries = JSON.parse(fixedKeys) as Record<string, unknown>;
    delete entries[fixture.keys.signing.web.keyId];
    brokenKeys = JSON.stringify(entries);
    await fixture.outbound.close();
    fixture.outbound = await createOutboundApp(
      { ...fixture.outbound.env, EVENT_PUBLIC_KEYS: publicKeysSchema.parse(brokenKeys) },
      { logger: fixture.outbound.logger, settings: { retryBaseDelayMs: 50, failureRetryDelayMs: 100 } },
    );
    const cliEnv = (keys: string) => ({
      CLOUDPA_NAMESPACE: fixture.nats.names.namespace,
      NATS_URL: fixture.nats.url,
      DATABASE_URL: db.url,
      EVENT_PUBLIC_KEYS: keys,
      LOG_LEVEL: "warn",
    });
    const { status: migrated } = await runNode("services/projector/dist/cli.js", ["migrate"], cliEnv(fixedKeys));
    expect(migrated).toBe(0);

    const conversationId = await fixture.customerWrote("whatsapp:+15550007101", 2);
    const command = fixture.sendReply(conversationId, "Kept, then sent once");
    await fixture.publish(command);
    const seq = (await fixture.nats.jsm.streams.info(fixture.nats.names.commandsStream)).state.last_seq;
    const id = `outbound:${seq}`;

    const listed = await waitFor(
      async () => {
        const result = await cloudpa(["quarantine", "list", "--json"], cliEnv(brokenKeys));
        const items = JSON.parse(result.stdout) as { id: string }[];
        return items.length > 0 ? items : undefined;
      },
      { what: "the command in the quarantine list" },
    );
    expect(listed).toEqual([
      expect.objectContaining({
        id,
        source: "outbound",
        seq,
        orgId: fixture.orgId,
        commandId: command.commandId,
        reasonCode: "ENVELOPE.UNKNOWN_KEY",
        status: "quarantined",
      }),
    ]);
    const status = JSON.parse((await cloudpa(["status", "--json"], cliEnv(brokenKeys))).stdout);
    expect(status.outboundQuarantined).toEqual({ waiting: 1, retried: 0 });
    const table = await cloudpa(["quarantine", "list"], cliEnv(brokenKeys));
    expect(table.stdout).toMatch(
      new RegExp(`${id}\\s+outbound\\s+.*ENVELOPE\\.UNKNOWN_KEY\\s+${fixture.orgId.slice(0, 8)}`),
    );
    expect(table.stdout).not.toContain("\x1b[");

    const shown = JSON.parse((await cloudpa(["quarantine", "show", id, "--json"], cliEnv(brokenKeys))).stdout);
    expect(JSON.parse(shown.payloadText)).toEqual(command);
    expect(shown.headers["Cloudpa-Key-Id"]).toEqual([fixture.keys.signing.web.keyId]);
    expect(fixture.sim.sentMessages()).toHaveLength(0);

    // Not fixed yet: the retry refuses it and it stays in quarantine.
    const early = await cloudpa(["quarantine", "retry", id], cliEnv(brokenKeys));
    expect(early.status).toBe(1);
    expect(early.stdout).toContain(`${id}: still failing ENVELOPE.UNKNOWN_KEY`);

    // The fix: the web's key is in the keyring of the outbound and of the operator's command.
    await fixture.outbound.close();
    fixture.outbound = await createOutboundApp(
      { ...fixture.outbound.env, EVENT_PUBLIC_KEYS: publicKeysSchema.parse(fixedKeys) },
      { logger: fixture.outbound.logger, settings: { retryBaseDelayMs: 50, failureRetryDelayMs: 100 } },
    );
    const retried = await cloudpa(["quarantine", "retry", id, "--json"], cliEnv(fixedKeys));
    expect(retried.status).toBe(0);
    expect(JSON.parse(retried.stdout).results).toEqual([expect.objectContaining({ id, outcome: "republished" })]);

    const outcome = await fixture.outcomeOf(command);
    expect(outcome).toMatchObject({ type: "ReplySent", commandId: command.commandId });
    expect(fixture.sim.sentMessages()).toHaveLength(1);
    expect(fixture.sim.sentMessages()[0]).toMatchObject({ body: "Kept, then sent once" });

    // Retried once only: --all has nothing left, and the record says where the copy went.
    const again = JSON.parse((await cloudpa(["quarantine", "retry", "--all", "--json"], cliEnv(fixedKeys))).stdout);
    expect(again).toEqual({ results: [] });
    const after = JSON.parse((await cloudpa(["quarantine", "show", id, "--json"], cliEnv(fixedKeys))).stdout);
    expect(after).toMatchObject({ status: "retried", retriedAsSeq: expect.any(Number) });
    expect((await cloudpa(["status"], cliEnv(fixedKeys))).stdout).toContain(
      "outbound commands quarantined: 0 waiting for a retry, 1 retried",
    );
    expect((await cloudpa(["quarantine", "retry", id], cliEnv(fixedKeys))).stdout).toContain("already retried");

    // The same command arriving once more (an operator re-publishing it by hand) is not sent again.
    await fixture.publish(command, `cmd:again:${command.commandId}`);
    await waitFor(async () => {
      const info = await fixture.nats.jsm.consumers.info(fixture.nats.names.commandsStream, COMMANDS_CONSUMER);
      return info.num_pending === 0 && info.num_ack_pending === 0;
    });
    expect(fixture.sim.sentMessages()).toHaveLength(1);
    expect(await fixture.outcomesOf(command)).toHaveLength(1);
  }, 180_000);
});
