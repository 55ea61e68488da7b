import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { ensureBuilt, type TestNats, testKeys, testNats, waitFor } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const main = `${root}services/ingress/dist/main.js`;

// The process sees only the environment a test gives it: not the checkout's `.env` that a local
// `npm start` writes (its keys would complete a bad configuration, or fail before it is parsed).
const noEnvFile = `${root}.cache/no-such-env-file`;

function start(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [main], {
    cwd: root,
    env: { CLOUDPA_ENV_FILE: noEnvFile, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = { stdout: "", stderr: "" };
  child.stdout?.on("data", (chunk) => {
    output.stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output.stderr += chunk;
  });
  return { child, output };
}

describe("the ingress process", () => {
  let nats: TestNats;
  let running: ChildProcess | undefined;
  beforeAll(async () => {
    await ensureBuilt("services");
    nats = await testNats();
  });
  afterAll(async () => {
    if (running && running.exitCode === null && running.signalCode === null) {
      running.kill("SIGKILL");
      await once(running, "exit");
    }
    await nats?.cleanup();
  });

  it("refuses to start on bad configuration, naming each bad variable", async () => {
    const { child, output } = start({
      PATH: process.env.PATH,
      NATS_URL: nats.url,
      CREDENTIALS_KEY: "too-short",
      INGRESS_SIGNING_KEY: "not-a-key",
    });
    const [code] = await once(child, "exit");
    expect(code).toBe(1);
    expect(output.stderr).toContain("CREDENTIALS_KEY");
    expect(output.stderr).toContain("INGRESS_SIGNING_KEY");
  });

  it("starts, prints the webhook URLs with retry overrides, answers /readyz, and stops on SIGTERM", async () => {
    const { child, output } = start({
      PATH: process.env.PATH,
      ...testKeys().env,
      NATS_URL: nats.url,
      CLOUDPA_NAMESPACE: nats.names.namespace,
      INGRESS_PORT: "0",
      PUBLIC_BASE_URL: "https://ingress.example",
      TWILIO_AUTH_TOKEN: "t",
    });
    running = child;
    const listening = await waitFor(
      () =>
        output.stdout
          .split("\n")
          .filter((line) => line.startsWith("{"))
          .map((line) => JSON.parse(line))
          .find((record) => record.message === "ingress listening"),
      { timeoutMs: 20_000, what: `the ingress to listen (stderr: ${output.stderr})` },
    );
    expect(listening.inboundWebhookUrl).toBe(
      "https://ingress.example/api/v1/messaging/webhook/whatsapp#rc=3&rp=all&ct=5000&rt=15000&tt=15000",
    );
    expect(listening.statusCallbackUrl).toMatch(/\/webhook\/whatsapp\/status#rc=/);
    const ready = await fetch(`http://127.0.0.1:${listening.port}/readyz`);
    expect(ready.status).toBe(200);
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    expect(output.stdout).not.toContain('"level":"error"');
  });
});
