import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FaultScenario, startScenario } from "../harness/fault-scenario.js";
import { withClient } from "../harness/invariants.js";
import { REPO_ROOT } from "../harness/repo-root.js";
import { snapshotSchema } from "../harness/schema-snapshot.js";
import { WebClient } from "../harness/web-client.js";

const PASSWORD = "correct horse battery staple 17";

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      command,
      args,
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? "", ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${command} ${args[0]} failed: ${stderr}`, { cause: error })) : resolve(stdout),
    ),
  );
}

// deploy/README.md, "Backing up the accounts": the `app` schema (accounts, sessions, API tokens)
// is the one thing not derived from the stream; pg_dump of that schema and pg_restore bring it back.
describe("accounts (schema app) backed up with pg_dump and restored with pg_restore", () => {
  let scenario: FaultScenario;
  let dir: string;

  beforeAll(async () => {
    scenario = await startScenario({ services: ["web"], envChannel: false });
    dir = mkdtempSync(join(tmpdir(), "cloudpa-app-backup-"));
  }, 180_000);
  afterAll(async () => {
    await scenario?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const snapshot = () => withClient(scenario.db.url, (client) => snapshotSchema(client, "app"));
  const api = (token: string) =>
    fetch(`${scenario.service("web").url}/api/v1/messaging/conversations`, {
      headers: { authorization: `Bearer ${token}` },
    });

  it("restores every account, session and API token after the schema is dropped, and they work again", async () => {
    const email = `backup-${randomUUID()}@example.com`;
    const browser = new WebClient(scenario.service("web").url);
    expect((await browser.signUp(email, PASSWORD, "Backup Studio")).status).toBe(302);
    expect((await browser.get("/settings/channels")).status).toBe(200);
    const created = await run(process.execPath, ["web/cli/cli.ts", "tokens", "create", "--email", email], {
      DATABASE_URL: scenario.db.url,
    });
    const token = created.trim().split("\n").at(-1) as string;
    expect((await api(token)).status).toBe(200);
    const before = await snapshot();
    expect(before.users).toHaveLength(1);
    expect(before.sessions).toHaveLength(1);
    expect(before.api_tokens).toHaveLength(1);

    const backup = join(dir, "app.dump");
    await run("pg_dump", ["--schema=app", "--format=custom", `--file=${backup}`, scenario.db.url]);
    await withClient(scenario.db.url, (client) => client.query("drop schema app cascade"));
    expect((await api(token)).status).not.toBe(200);

    await run("pg_restore", ["--exit-on-error", `--dbname=${scenario.db.url}`, backup]);
    // Row by row, before anything uses them again (a use stamps last_used_at / last_seen_at).
    expect(await snapshot()).toEqual(before);
    expect((await browser.get("/settings/channels")).status).toBe(200);
    expect((await api(token)).status).toBe(200);
    const again = new WebClient(scenario.service("web").url);
    const login = await again.logIn(email, PASSWORD);
    expect(login.status).toBe(302);
    expect(login.headers.get("location")).not.toMatch(/login/);
  }, 120_000);
});
