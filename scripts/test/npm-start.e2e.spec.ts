// `npm start` as a newcomer runs it, the operator commands from a second terminal, then Ctrl-C.
// It runs in a copy of this checkout (sources, builds and the build records; node_modules and .tools linked),
// so its .env, its build and its processes never touch the checkout the other tests use. The copy's
// .env gives it free ports, its own namespace and its own database; everything else (keys, the
// demo login) `npm start` writes there itself, as on a first start, and records for the install in
// the user's config directory, a temporary one here (XDG_CONFIG_HOME).
import { spawn } from "node:child_process";
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";
import {
  ingressEnvSchema,
  outboundEnvSchema,
  projectorEnvSchema,
  twilioSimEnvSchema,
  webEnvSchema,
} from "@cloudpa/contracts";
import { installNameOf, LOCAL_SECRETS } from "@cloudpa/kit/core";
import { freePort, type TestDatabase, type TestNats, testDatabase, testNats, waitFor } from "@cloudpa/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");
const plain = (text: string) => text.replace(ansi, "");

/** The project's own variables: a newcomer's shell sets none of them. */
const projectVariables = new Set([
  ...[ingressEnvSchema, projectorEnvSchema, outboundEnvSchema, webEnvSchema, twilioSimEnvSchema].flatMap((schema) =>
    Object.keys(schema.shape),
  ),
  "EVENT_PUBLIC_KEYS",
  "DEMO_EMAIL",
  "DEMO_PASSWORD",
  "CLOUDPA_ENV_FILE",
]);

/** The home of the test's user: where npm start records each install's keys (docs/decisions/045). */
const configHome = mkdtempSync(join(tmpdir(), "cloudpa-config-"));

/** The environment of a terminal on this machine: no project variable, no test runner's, the machine's Node first. */
function usersEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { XDG_CONFIG_HOME: configHome };
  for (const [name, value] of Object.entries(process.env)) {
    if (projectVariables.has(name) || /^(npm_|VITEST|PNPM_)/.test(name)) continue;
    if (name === "NODE_ENV" || name === "TEST" || name === "NODE_OPTIONS") continue;
    env[name] = value;
  }
  env.PATH = (process.env.PATH ?? "")
    .split(delimiter)
    .filter((dir) => !dir.startsWith(root))
    .join(delimiter);
  return env;
}

/**
 * This checkout as a second one: sources, dist/, web/build and build records copied; installs
 * linked. Not what its own `npm start` left: its logs, and the simulator's state (the messages its
 * user sent, which the copy's reconcile would find missing from the copy's stream).
 */
function copyOfCheckout(): string {
  const copy = mkdtempSync(join(tmpdir(), "cloudpa-start-"));
  const skipped = new Set([
    ".git",
    "node_modules",
    ".tools",
    ".env",
    join(".cache", "logs"),
    join(".cache", "twilio-sim"),
  ]);
  cpSync(root, copy, {
    recursive: true,
    verbatimSymlinks: true,
    // Timestamps kept: bootstrap compares node_modules' install marker with the lockfile's.
    preserveTimestamps: true,
    filter: (source) => !skipped.has(relative(root, source)),
  });
  symlinkSync(join(root, "node_modules"), join(copy, "node_modules"));
  symlinkSync(join(root, ".tools"), join(copy, ".tools"));
  // Never let the copy run `pnpm install`: it would rewrite the linked node_modules.
  const installedAt = statSync(join(copy, "node_modules", ".modules.yaml")).mtimeMs;
  if (installedAt < statSync(join(copy, "pnpm-lock.yaml")).mtimeMs) {
    throw new Error("node_modules is older than pnpm-lock.yaml: run `npm start` or `pnpm install` once first");
  }
  return copy;
}

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A second terminal: `npm run --silent cloudpa -- <args>` in the copy, with the user's environment. */
function operatorCommand(copy: string, args: string[]): Promise<Finished> {
  const child = spawn("npm", ["run", "--silent", "cloudpa", "--", ...args], {
    cwd: copy,
    env: usersEnvironment(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("npm start, then the operator commands in a second terminal, then Ctrl-C", () => {
  let copy: string;
  let nats: TestNats;
  let db: TestDatabase;
  let pgid: number | undefined;
  let output = "";
  let exited: Promise<number | null>;
  const ports: Record<string, number> = {};
  /** What the test sets in the copy's .env; npm start appends the rest (keys, the demo login). */
  let settingsLines = "";

  beforeAll(async () => {
    [nats, db] = await Promise.all([testNats(), testDatabase()]);
    for (const name of [
      "WEB_PORT",
      "WEB_METRICS_PORT",
      "INGRESS_PORT",
      "TWILIO_SIM_PORT",
      "PROJECTOR_PORT",
      "OUTBOUND_PORT",
    ]) {
      ports[name] = await freePort();
    }
    copy = copyOfCheckout();
    const settings = { ...ports, CLOUDPA_NAMESPACE: nats.names.namespace, NATS_URL: nats.url, DATABASE_URL: db.url };
    settingsLines = `${Object.entries(settings)
      .map(([name, value]) => `${name}=${value}`)
      .join("\n")}\n`;
    writeFileSync(join(copy, ".env"), settingsLines);
  });

  afterAll(async () => {
    // Whatever the test reached: no process of the start survives it.
    await killLeftStart();
    await nats?.cleanup();
    await db?.drop();
    if (copy) rmSync(copy, { recursive: true, force: true });
    rmSync(configHome, { recursive: true, force: true });
  });

  it("starts quietly on the pinned Node, serves status, rebuild, replay and reconcile from .env alone, and stops cleanly", async () => {
    // A copy of a checkout whose build is not recorded builds the services and the web first.
    await npmStart();

    // Readable: before the product's own lines only npm's header and one [cloudpa] line per step.
    const before = plain(output).split("Cloud PA is up")[0] ?? "";
    const noise = before
      .split("\n")
      .filter((line) => line.trim() !== "")
      .filter((line) => !/^\[cloudpa\] /.test(line) && !/^\S+\s*│ /.test(line) && !/^> /.test(line));
    expect(noise).toEqual([]);

    // Every process of the project runs on the pinned Node (only npm and the launcher on the machine's).
    const pinnedNode = realpathSync(join(root, ".tools/node_modules/node/bin/node"));
    const ps = await new Promise<string>((resolve) => {
      const child = spawn("ps", ["-e", "-o", "pid=,pgid=,args="], { stdio: ["ignore", "pipe", "inherit"] });
      let text = "";
      child.stdout.on("data", (chunk) => {
        text += chunk;
      });
      child.on("close", () => resolve(text));
    });
    const projectProcesses = ps
      .split("\n")
      .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/))
      .filter((match): match is RegExpMatchArray => match !== null && Number(match[2]) === pgid)
      .map(([, pid, , args]) => [pid, args] as const)
      .filter(([, args]) => /dev-start\.mjs|dist\/main\.js|server\.js/.test(args ?? ""));
    // dev-start, the simulator, ingress, projector, outbound and web.
    expect(projectProcesses, ps).toHaveLength(6);
    for (const [pid, args] of projectProcesses) {
      expect(readlinkSync(`/proc/${pid}/exe`), args).toBe(pinnedNode);
    }

    // A customer writes, so the stream holds a message besides the demo channel's connection.
    const sent = await fetch(`http://127.0.0.1:${ports.TWILIO_SIM_PORT}/sim/inbound`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: "+14155550123", body: "Is Thursday still fine?" }),
    });
    expect(sent.status).toBe(200);

    const status = await waitFor(
      async () => {
        const run = await operatorCommand(copy, ["status"]);
        expect(run, "status").toMatchObject({ code: 0, stderr: "" });
        const match = run.stdout.match(
          /last sequence (\d+)[\s\S]*projection inbox: checkpoint (\d+) \(written [^)]+\), lag 0/,
        );
        return match && Number(match[1]) >= 2 && match[1] === match[2] ? run.stdout : undefined;
      },
      { what: "status to show the message projected", timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(status).toContain(`stream ${nats.names.eventsStream}: last sequence`);
    expect(status).toContain("quarantined: 0");
    const head = Number(status.match(/last sequence (\d+)/)?.[1]);

    const rebuild = await operatorCommand(copy, ["rebuild"]);
    expect(rebuild, rebuild.stderr).toMatchObject({ code: 0 });
    expect(rebuild.stdout).toMatch(new RegExp(`^rebuilt: ${head} events loaded at \\d+ events/s`));

    const replay = await operatorCommand(copy, ["replay", "--from-seq", "1", "--dry-run"]);
    expect(replay, replay.stderr).toMatchObject({ code: 0, stderr: "" });
    expect(replay.stdout).toContain(`replay (dry run) of sequences 1..${head}: ${head} events`);
    expect(replay.stdout).toContain("nothing was written (the transaction was rolled back)");

    // Against the simulator, as the services: the message it delivered is in the stream.
    const reconcile = await operatorCommand(copy, ["reconcile", "--since", "2h"]);
    expect(reconcile, reconcile.stderr).toMatchObject({ code: 0, stderr: "" });
    expect(reconcile.stdout).toMatch(/whatsapp:\+14155238886: 1 inbound listed, 0 missing, 0 appended/);
    expect(reconcile.stdout).toMatch(/0 missing, 0 appended across 1 channel\(s\)/);

    await ctrlC();
  }, 360_000);

  it("started from a second checkout of the same install, takes the install's keys: the same login, and a rebuild verifies every event", async () => {
    // A second clone on this machine: a .env of its own settings only, on the first's database and
    // streams, whose events the first's keys signed and whose channel token its CREDENTIALS_KEY sealed.
    const first = parseEnv(readFileSync(join(copy, ".env"), "utf8"));
    const recordFile = join(configHome, "cloudpa", "installs", installNameOf({}, first));
    expect(parseEnv(readFileSync(recordFile, "utf8")).INGRESS_SIGNING_KEY).toBe(first.INGRESS_SIGNING_KEY);
    writeFileSync(join(copy, ".env"), settingsLines);
    await npmStart();
    expect(plain(output)).toMatch(
      /\[cloudpa\] took CREDENTIALS_KEY, .*, WEB_SIGNING_KEY into \.env from this machine's record of the install/,
    );
    const second = parseEnv(readFileSync(join(copy, ".env"), "utf8"));
    for (const [name] of LOCAL_SECRETS) expect(second[name], name).toBe(first[name]);
    expect(plain(output)).toContain(`log in as        demo@cloudpa.local / ${first.DEMO_PASSWORD}`);
    expect(plain(output)).not.toContain("already existed with another password");
    expect(plain(output)).not.toContain("cannot open the channel's auth token");

    const rebuild = await operatorCommand(copy, ["rebuild"]);
    expect(rebuild, rebuild.stderr).toMatchObject({ code: 0 });
    expect(rebuild.stdout).toMatch(/, 0 quarantined, /);
    await ctrlC();
  }, 360_000);

  it("started from another user's checkout (keys of its own) on the same database and streams, prints a login that works and takes messages", async () => {
    // Another user of this machine: their config directory holds no record of the install, so their
    // .env gets new keys and a new demo password, on a database and streams that hold the demo
    // account and the channel sealed with the first's keys.
    const firstHead = Number((await operatorCommand(copy, ["status"])).stdout.match(/last sequence (\d+)/)?.[1]);
    writeFileSync(join(copy, ".env"), settingsLines);
    await npmStart({ XDG_CONFIG_HOME: mkdtempSync(join(configHome, "another-user-")) });
    const password = readFileSync(join(copy, ".env"), "utf8").match(/^DEMO_PASSWORD=(.*)$/m)?.[1] ?? "";
    expect(plain(output)).toContain(`log in as        demo@cloudpa.local / ${password}`);
    expect(plain(output)).toContain("already existed with another password: it is now this .env's DEMO_PASSWORD");

    // The printed login signs in, as in a browser: the form's CSRF cookie and field, then the session.
    const web = `http://127.0.0.1:${ports.WEB_PORT}`;
    const form = await fetch(`${web}/login`);
    const csrfCookie = form.headers
      .getSetCookie()
      .map((cookie) => cookie.split(";")[0])
      .join("; ");
    const csrf = (await form.text()).match(/name="csrf"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf"/);
    const login = await fetch(`${web}/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: web, cookie: csrfCookie },
      body: new URLSearchParams({ email: "demo@cloudpa.local", password, csrf: csrf?.[1] ?? csrf?.[2] ?? "" }),
      redirect: "manual",
    });
    expect(login.status).toBe(302);
    expect(login.headers.getSetCookie().join(";")).toMatch(/session/i);

    // The channel was sealed again with this .env's key: the ingress takes the customer's message.
    const sent = await fetch(`http://127.0.0.1:${ports.TWILIO_SIM_PORT}/sim/inbound`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: "+14155550123", body: "Still there?" }),
    });
    expect(sent.status).toBe(200);
    await waitFor(
      async () => {
        const run = await operatorCommand(copy, ["status"]);
        const match = run.stdout.match(
          /last sequence (\d+)[\s\S]*projection inbox: checkpoint (\d+) \(written [^)]+\), lag 0/,
        );
        // The channel's new connection and the message.
        return (
          match && Number(match[1]) >= firstHead + 2 && match[1] === match[2] && run.stdout.includes("quarantined: 0")
        );
      },
      { what: "the second start's message to be projected", timeoutMs: 60_000, intervalMs: 500 },
    );
    await ctrlC();
  }, 360_000);

  /** Ends a start still running (a case that failed before its Ctrl-C), every process of it. */
  async function killLeftStart(): Promise<void> {
    if (pgid === undefined || !groupAlive(pgid)) return;
    process.kill(-pgid, "SIGKILL");
    await waitFor(() => !groupAlive(pgid ?? 0), { what: "npm start's processes to end", timeoutMs: 5000 });
  }

  /** `npm start` in the copy, in its own process group as a terminal's foreground job, until it says it is up. */
  async function npmStart(environment: NodeJS.ProcessEnv = {}): Promise<void> {
    // A case that failed before its Ctrl-C left its start running: stopped, so this one has the ports.
    await killLeftStart();
    output = "";
    const start = spawn("npm", ["start"], {
      cwd: copy,
      env: { ...usersEnvironment(), ...environment },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    pgid = start.pid;
    start.stdout.on("data", (chunk) => {
      output += chunk;
    });
    start.stderr.on("data", (chunk) => {
      output += chunk;
    });
    exited = new Promise((resolve) => start.on("close", (code) => resolve(code)));
    let ended = false;
    void exited.then(() => {
      ended = true;
    });
    await waitFor(() => ended || plain(output).includes("Cloud PA is up"), {
      what: `"Cloud PA is up"; so far:\n${output}`,
      timeoutMs: 240_000,
      intervalMs: 200,
    });
    expect(ended, plain(output)).toBe(false);
  }

  /** Ctrl-C: the product's own last line, no package manager's complaint, no process left. */
  async function ctrlC(): Promise<void> {
    process.kill(-(pgid ?? 0), "SIGINT");
    await exited;
    const lines = plain(output).trimEnd().split("\n");
    expect(lines.at(-1)).toBe("[cloudpa] Cloud PA stopped.");
    expect(plain(output)).not.toMatch(/ELIFECYCLE|Command failed|npm error|exited \(/);
    await waitFor(() => !groupAlive(pgid ?? 0), { what: "every process of npm start to end", timeoutMs: 2000 });
  }
});
