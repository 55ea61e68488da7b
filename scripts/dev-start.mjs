#!/usr/bin/env node
// The second half of `npm start` (after the build), on Node 24: local keys, database,
// migrations, streams, the demo freelancer, then every service with prefixed coloured logs.
// Ctrl-C stops everything. The local configuration is `.env` (or the file CLOUDPA_ENV_FILE
// names), read by every service and operator command through the kit's loadDotEnv.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const contracts = await import(join(root, "contracts/dist/index.js"));
const kit = await import(join(root, "services/lib/kit/dist/index.js"));
const sim = await import(join(root, "services/twilio-sim/dist/index.js"));
const pg = createRequire(join(root, "read-model/package.json"))("pg");

const envFile = process.env.CLOUDPA_ENV_FILE || join(root, ".env");
const colours = { migrate: 90, "twilio-sim": 35, ingress: 36, projector: 33, outbound: 34, web: 32 };

function say(message) {
  process.stdout.write(`\x1b[1m[cloudpa]\x1b[0m ${message}\n`);
}

/**
 * Keys that nobody set: the install's, taken from this machine's record of it when another checkout
 * made them, else generated once into the git-ignored .env and that record (docs/decisions/045).
 */
function ensureLocalSecrets() {
  const settled = kit.ensureLocalSecrets(envFile, process.env);
  const home = homedir();
  const where = settled.installFile.startsWith(home)
    ? `~${settled.installFile.slice(home.length)}`
    : settled.installFile;
  if (settled.taken.length > 0)
    say(`took ${settled.taken.join(", ")} into .env from this machine's record of the install (${where})`);
  if (settled.generated.length > 0)
    say(`generated ${settled.generated.join(", ")} into .env (git-ignored) and ${where}`);
  const recorded = settled.forInstall.map(([name]) => name).filter((name) => !settled.generated.includes(name));
  if (recorded.length > 0) say(`recorded this .env's ${recorded.join(", ")} as the install's in ${where}`);
  if (settled.differing.length > 0)
    say(
      `this .env's ${settled.differing.join(", ")} differ from the install's (${where}), which another checkout made: remove them from .env to take the install's`,
    );
  // The same loading as every service and operator command: .env, the simulator's URLs, the keyring.
  kit.loadDotEnv(envFile);
}

/** The simulator's URLs for the demo were set by loadDotEnv, as for every process of a local install. */
function configureTwilio() {
  const demo = !process.env.TWILIO_AUTH_TOKEN;
  const simPort = Number(process.env.TWILIO_SIM_PORT ?? 3002);
  // What Twilio keeps across a restart (messages, so each customer's 24-hour window; templates), in the
  // checkout's git-ignored local directory beside the logs; the environment or .env may name another file.
  if (demo) process.env.TWILIO_SIM_STATE_FILE ??= join(root, ".cache", "twilio-sim", "state.json");
  process.env.DATABASE_URL ??= "postgres://postgres@127.0.0.1:5432/cloudpa";
  process.env.NATS_URL ??= "nats://127.0.0.1:4222";
  return { demo, simPort };
}

async function ensureDatabase(url) {
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.slice(1));
  const server = new URL(url);
  server.pathname = "/postgres";
  const client = new pg.Client({ connectionString: server.toString() });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
      say(`created database ${database}`);
    }
  } finally {
    await client.end();
  }
}

/** One short-lived step (a migration, the demo set-up) as its own process; resolves with its output. */
function runStep(label, args) {
  if (stopping) return Promise.reject(new Error(`${label} not run: stopping`));
  const step = spawn(process.execPath, args, { cwd: root, env: process.env, stdio: ["ignore", "pipe", "pipe"] });
  steps.add(step);
  let output = "";
  for (const stream of [step.stdout, step.stderr]) stream.on("data", (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    step.on("close", (code, signal) => {
      steps.delete(step);
      if (stopping || signal === "SIGINT") {
        stopAll(0);
        return reject(new Error(`${label} interrupted`));
      }
      if (code !== 0) {
        process.stderr.write(`${output.trim()}\n`);
        return reject(new Error(`${label} failed`));
      }
      resolve(output.trim());
    });
  });
}

const lastLine = (output) => output.split("\n").pop() ?? "";

/** The set-up step of a deployment's migrate job, run here the same way: the services only check its streams. */
async function ensureStreams() {
  const { setupStreams } = await import(join(root, "deploy/scripts/setup-streams.ts"));
  const { streams } = await setupStreams(process.env);
  say(`streams ${streams.join(", ")} ready`);
}

/** JSON log lines become "time level message key=value"; anything else passes through. */
function pretty(line) {
  try {
    const { time, level, message, msg, service: _service, ...context } = JSON.parse(line);
    const fields = Object.entries(context)
      .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
      .join(" ");
    const levelColour = { error: 31, warn: 33 }[level];
    const shownLevel = levelColour ? `\x1b[${levelColour}m${level}\x1b[0m ` : "";
    return `${String(time ?? "").slice(11, 23)} ${shownLevel}${message ?? msg ?? ""} \x1b[2m${fields}\x1b[0m`;
  } catch {
    return line;
  }
}

const children = new Map();
const steps = new Set();
let stopping = false;

function startService(name, args, cwd = root) {
  if (stopping) return;
  const child = spawn(process.execPath, args, { cwd, env: process.env, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = `\x1b[${colours[name]}m${name.padEnd(10)}\x1b[0m│ `;
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = "";
    stream.on("data", (chunk) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) if (line.trim()) process.stdout.write(`${prefix}${pretty(line)}\n`);
    });
  }
  // "close", not "exit": the child's last lines are printed before it counts as stopped.
  child.on("close", (code, signal) => {
    children.delete(name);
    if (stopping) return;
    // Ctrl-C in the terminal reaches the services too, possibly before it reaches us.
    if (signal === "SIGINT") return stopAll(0);
    say(`\x1b[31m${name} exited (${signal ?? code}); stopping everything\x1b[0m`);
    stopAll(1);
  });
  children.set(name, child);
}

function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of [...children.values(), ...steps]) child.kill("SIGTERM");
  const finish = () => {
    say(code === 0 ? "Cloud PA stopped." : "Cloud PA stopped after an error (see above).");
    process.exit(code);
  };
  const deadline = setTimeout(() => {
    for (const child of children.values()) child.kill("SIGKILL");
    finish();
  }, 5000);
  const check = setInterval(() => {
    if (children.size === 0) {
      clearInterval(check);
      clearTimeout(deadline);
      finish();
    }
  }, 50);
}

/**
 * Waits for a service to answer ready. A service that exits stops everything (its close handler);
 * one that is still loading is waited for, however loaded the machine, with a line saying so.
 */
async function waitReady(name, url, { patienceMs = 45_000 } = {}) {
  const startedAt = Date.now();
  let told = false;
  while (!stopping) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (!told && Date.now() - startedAt > patienceMs) {
      told = true;
      say(`still waiting for ${name} to answer ${url} (running, not ready yet)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`stopped while waiting for ${name}`);
}

async function main() {
  // From the command itself when bootstrap started us (install and build checks included).
  const startedAt = Number(process.env.CLOUDPA_STARTED_AT) || Date.now();
  process.on("SIGINT", () => stopAll(0));
  process.on("SIGTERM", () => stopAll(0));
  ensureLocalSecrets();
  const { demo, simPort } = configureTwilio();
  // What runs is the product as built: React's production server renderer (a page 35-50 % faster
  // here, and no development warnings in the log). NODE_ENV=development in the environment or .env
  // brings React's development checks back.
  process.env.NODE_ENV ??= "production";
  const ports = {
    web: Number(process.env.WEB_PORT ?? 3000),
    ingress: Number(process.env.INGRESS_PORT ?? 3001),
    projector: Number(process.env.PROJECTOR_PORT ?? 3003),
    outbound: Number(process.env.OUTBOUND_PORT ?? 3004),
  };
  await ensureStreams();
  // Loading a service is the slowest part of a start: the ones that need no schema load while
  // the migrations run; the projector and the web follow them, the demo set-up runs alongside.
  if (demo) startService("twilio-sim", ["services/twilio-sim/dist/main.js"]);
  startService("ingress", ["services/ingress/dist/main.js"]);
  startService("outbound", ["services/outbound/dist/main.js"]);
  await ensureDatabase(process.env.DATABASE_URL);
  say(lastLine(await runStep("read-model migrations", ["services/projector/dist/cli.js", "migrate"])));
  say(lastLine(await runStep("app migrations", ["web/cli/cli.ts", "migrate"])));
  startService("projector", ["services/projector/dist/main.js"]);
  startService("web", ["server.js"], join(root, "web"));

  const simulatorReady = demo ? waitReady("twilio-sim", `http://127.0.0.1:${simPort}/healthz`) : Promise.resolve();
  const demoReady = (async () => {
    say(lastLine(await runStep("demo freelancer", ["web/cli/cli.ts", "demo-user"])));
    if (!demo) return;
    await simulatorReady;
    // The demo freelancer's channel is the simulator's sandbox number, connected as a freelancer would.
    const args = ["--account-sid", sim.SIM_DEMO_ACCOUNT_SID, "--auth-token", sim.SIM_DEMO_AUTH_TOKEN];
    say(
      lastLine(await runStep("demo channel", ["web/cli/cli.ts", "demo-channel", ...args, "--number", "+14155238886"])),
    );
  })();
  await Promise.all([
    simulatorReady,
    waitReady("ingress", `http://127.0.0.1:${ports.ingress}/readyz`),
    waitReady("projector", `http://127.0.0.1:${ports.projector}/readyz`),
    waitReady("outbound", `http://127.0.0.1:${ports.outbound}/readyz`),
    waitReady("web", `http://127.0.0.1:${ports.web}/healthz`),
    demoReady,
  ]);

  const login = `log in as        ${process.env.DEMO_EMAIL} / ${process.env.DEMO_PASSWORD}`;
  const urls = contracts.webhookUrlsFor(process.env.PUBLIC_BASE_URL);
  const lines = [
    "",
    `\x1b[1;32mCloud PA is up\x1b[0m in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
    `  inbox            http://localhost:${ports.web}`,
    `  ${login}`,
  ];
  if (demo) {
    lines.push(
      `  customer's phone http://localhost:${simPort}   (the Twilio simulator: type as a customer here)`,
      "  Set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_WHATSAPP_FROM to use your real Twilio number.",
    );
  } else {
    lines.push(
      "  Paste these into the Twilio console (WhatsApp sender / sandbox settings):",
      `    when a message comes in  ${urls.inbound}`,
      `    status callback URL      ${urls.status}`,
    );
  }
  lines.push("  Ctrl-C stops everything.", "");
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((error) => {
  // After Ctrl-C the steps still under way fail on their own; that is the stop, not an error.
  if (stopping) return;
  say(`\x1b[31m${error.message}\x1b[0m`);
  stopAll(1);
});
