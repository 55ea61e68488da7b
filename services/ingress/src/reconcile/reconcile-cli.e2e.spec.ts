import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ensureBuilt, type TestKeys, type TestNats, testKeys, testNats } from "@cloudpa/testkit";
import { startTwilioSim, type TwilioSim } from "@cloudpa/twilio-sim";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_SID, ENV_NUMBER, ENV_TOKEN, storedEvents } from "../test/ingress-harness.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../../../", import.meta.url));

describe("npm run cloudpa -- reconcile", () => {
  let nats: TestNats;
  let sim: TwilioSim;
  let keys: TestKeys;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    // The dispatcher runs the built CLI; an up-to-date build is a no-op.
    await ensureBuilt("services");
    nats = await testNats();
    keys = testKeys();
    sim = await startTwilioSim({
      accounts: [{ accountSid: ACCOUNT_SID, authToken: ENV_TOKEN }],
      numbers: [ENV_NUMBER],
    });
    env = {
      ...process.env,
      ...keys.env,
      CLOUDPA_NAMESPACE: nats.names.namespace,
      NATS_URL: nats.url,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: ENV_TOKEN,
      TWILIO_WHATSAPP_FROM: ENV_NUMBER,
      TWILIO_API_BASE_URL: sim.url,
      LOG_LEVEL: "warn",
    };
  });
  afterAll(async () => {
    await sim?.close();
    await nats?.cleanup();
  });

  const reconcile = (...args: string[]) =>
    run(process.execPath, ["scripts/cloudpa.mjs", "reconcile", ...args], { cwd: root, env });

  it("prints how many messages were missing, appends them, and adds nothing on a second run", async () => {
    const lost = [
      await sim.inbound({ from: "+15550005555", body: "first lost", drop: true }),
      await sim.inbound({ from: "+15550006666", body: "second lost", drop: true }),
    ];
    const first = await reconcile("--since", "2h");
    expect(first.stdout).toContain(`${ENV_NUMBER}: 2 inbound listed, 2 missing, 2 appended`);
    expect(first.stdout).toMatch(/: 2 missing, 2 appended across 1 channel\(s\)/);
    const sids = (await storedEvents(nats, keys)).map(
      (s) => s.event.type === "InboundMessageReceived" && s.event.messageSid,
    );
    expect(sids.sort()).toEqual(lost.map((m) => m.messageSid).sort());

    const second = await reconcile(`--since=${new Date(Date.now() - 3_600_000).toISOString()}`);
    expect(second.stdout).toMatch(/: 0 missing, 0 appended across 1 channel\(s\)/);
    expect(await storedEvents(nats, keys)).toHaveLength(2);
  });

  it("exits 2 with the usage when --since cannot be read", async () => {
    await expect(reconcile("--since", "yesterday-ish")).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("usage: npm run cloudpa -- reconcile --since"),
    });
  });

  it("prints the usage for --help and exits 0", async () => {
    expect(await reconcile("--help")).toMatchObject({ stdout: expect.stringContaining("reconcile --since") });
  });
});
