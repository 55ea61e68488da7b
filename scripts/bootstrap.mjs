#!/usr/bin/env node
// Entry point of `npm start`, `npm test`, `npm run bench` and `npm run cloudpa`.
// Runs on whatever Node the machine has (>= 20): it installs the project's pinned Node 24
// and pnpm from the npm registry into .tools/, installs the packages, makes sure NATS and
// Postgres answer, builds what changed, then hands over to the real script running on Node 24
// (directly, not through `pnpm run`, so Ctrl-C ends with the product's own last line).
// Installing and building print one line per step; their full output goes to a log file
// under .cache/logs/, shown only when a step fails.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync } from "node:fs";
import { createConnection } from "node:net";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as util from "node:util";
import { buildDecision, markBuilt } from "./build-freshness.mjs";
import { buildSteps } from "./build-steps.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const { node: nodeVersion, pnpm: pnpmVersion } = manifest.cloudpa;
const toolsDir = join(root, ".tools");
const nodeBinDir = join(toolsDir, "node_modules", "node", "bin");
const pnpmCli = join(toolsDir, "node_modules", "pnpm", "bin", "pnpm.cjs");

const logDir = join(root, ".cache", "logs");

/** `node`: the script runs on the pinned Node; `pnpm`: a package script run by pnpm (on the pinned Node). */
const [target = "test", ...rest] = process.argv.slice(2);
const targets = {
  start: { build: [buildSteps.services, buildSteps.web], node: ["scripts/dev-start.mjs"] },
  cloudpa: { build: [buildSteps.services], node: ["scripts/cloudpa.mjs"] },
  test: { setsInfrastructureEnv: true, pnpm: ["run", "test:all"] },
  bench: { setsInfrastructureEnv: true, pnpm: ["--filter", "@cloudpa/bench", "run", "bench"] },
  // One tier of the tests (`npm run test:unit` …), without the typecheck and lint of `npm test`.
  vitest: { setsInfrastructureEnv: true, node: ["scripts/run-vitest.mjs"] },
};

function log(message) {
  process.stderr.write(`\x1b[36m[cloudpa]\x1b[0m ${message}\n`);
}

/**
 * Runs one install or build step with its output in .cache/logs/<name>.log: one progress line,
 * and on failure the end of the log and its path.
 */
function quietStep(label, name, command, args, detail = "") {
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${name}.log`);
  const fd = openSync(logFile, "w");
  const startedAt = Date.now();
  process.stderr.write(`\x1b[36m[cloudpa]\x1b[0m ${label}${detail ? ` (${detail})` : ""} … `);
  const result = spawnSync(command, args, { cwd: root, env, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  const took = `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;
  if (result.status === 0) {
    process.stderr.write(`done in ${took}\n`);
    return;
  }
  process.stderr.write(`\x1b[31mfailed\x1b[0m after ${took}\n`);
  const tail = readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-40);
  process.stderr.write(`${tail.join("\n")}\n`);
  throw new Error(`${label} failed; its full output is in ${logFile}`);
}

function toolVersion(bin, args) {
  try {
    return execFileSync(bin, args, { encoding: "utf8" }).trim();
  } catch {
    return "";
  }
}

function ensureTools() {
  const haveNode = toolVersion(join(nodeBinDir, "node"), ["--version"]) === `v${nodeVersion}`;
  const havePnpm =
    existsSync(pnpmCli) &&
    JSON.parse(readFileSync(join(toolsDir, "node_modules", "pnpm", "package.json"), "utf8")).version === pnpmVersion;
  if (haveNode && havePnpm) return;
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  quietStep(`installing Node ${nodeVersion} and pnpm ${pnpmVersion} into .tools/ (npm registry)`, "tools", npm, [
    "install",
    "--prefix",
    toolsDir,
    "--no-save",
    "--no-package-lock",
    "--no-audit",
    "--no-fund",
    "--loglevel=error",
    `node@${nodeVersion}`,
    `pnpm@${pnpmVersion}`,
  ]);
}

const env = {
  ...process.env,
  PATH: [nodeBinDir, join(toolsDir, "node_modules", ".bin"), join(root, "node_modules", ".bin"), process.env.PATH].join(
    delimiter,
  ),
  npm_config_update_notifier: "false",
  // "Cloud PA is up in N s" counts from here: the checks and builds before the start belong to it.
  CLOUDPA_STARTED_AT: String(Date.now()),
};

function ensurePackages() {
  const marker = join(root, "node_modules", ".modules.yaml");
  const lock = join(root, "pnpm-lock.yaml");
  const fresh = existsSync(marker) && existsSync(lock) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
  if (fresh) return;
  const frozen = process.env.CI ? ["--frozen-lockfile"] : [];
  quietStep("installing packages (pnpm install)", "install", join(nodeBinDir, "node"), [
    pnpmCli,
    "install",
    ...frozen,
    "--reporter=append-only",
  ]);
}

function ensureBuilt(steps) {
  for (const step of steps) {
    const decision = buildDecision(root, step);
    if (decision.fresh) continue;
    const detail = `${step.tool}; ${decision.reason}`;
    quietStep(step.label, `build-${step.name}`, join(nodeBinDir, "node"), [pnpmCli, ...step.pnpm], detail);
    markBuilt(root, step, decision.fingerprint);
  }
}

/** What the local .env says (the services read it too); the environment still wins. */
function envFileValues() {
  const file = process.env.CLOUDPA_ENV_FILE || join(root, ".env");
  if (!existsSync(file) || typeof util.parseEnv !== "function") return {};
  return util.parseEnv(readFileSync(file, "utf8"));
}

function reachable(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

function endpoint(url, fallbackPort) {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || fallbackPort) };
}

async function ensureServices(setsInfrastructureEnv) {
  const local = envFileValues();
  const nats = endpoint(process.env.NATS_URL ?? local.NATS_URL ?? "nats://127.0.0.1:4222", 4222);
  const postgres = endpoint(
    process.env.DATABASE_URL ?? local.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/cloudpa",
    5432,
  );
  const missing = async () => {
    const down = [];
    if (!(await reachable(nats.host, nats.port))) down.push(`NATS JetStream at ${nats.host}:${nats.port}`);
    if (!(await reachable(postgres.host, postgres.port))) down.push(`PostgreSQL at ${postgres.host}:${postgres.port}`);
    return down;
  };
  // Tests find them through these; set once here so every child agrees. The product and its
  // commands read them (and the rest of their configuration) from the environment and .env.
  if (setsInfrastructureEnv) {
    env.NATS_URL ??= `nats://${nats.host}:${nats.port}`;
    env.DATABASE_URL ??= `postgres://postgres@${postgres.host}:${postgres.port}/cloudpa`;
  }
  let down = await missing();
  if (down.length === 0) return;
  const dockerUp = spawnSync("docker", ["info"], { stdio: "ignore" }).status === 0;
  if (dockerUp) {
    log(`${down.join(" and ")} not reachable: starting them with docker compose`);
    spawnSync("docker", ["compose", "up", "-d", "--wait", "nats", "postgres"], {
      cwd: root,
      stdio: "inherit",
    });
    down = await missing();
    if (down.length === 0) return;
  }
  throw new Error(
    `${down.join(" and ")} not reachable. Start them (see README "Requirements"), ` +
      "or set NATS_URL / DATABASE_URL to ones that run.",
  );
}

async function main() {
  const chosen = targets[target];
  if (!chosen) throw new Error(`unknown target "${target}" (${Object.keys(targets).join(", ")})`);
  ensureTools();
  ensurePackages();
  await ensureServices(chosen.setsInfrastructureEnv === true);
  ensureBuilt(chosen.build ?? []);
  const args = chosen.node ? [...chosen.node, ...rest] : [pnpmCli, ...chosen.pnpm, ...rest];
  const child = spawn(join(nodeBinDir, "node"), args, { cwd: root, env, stdio: "inherit" });
  // Ctrl-C reaches the child from the terminal itself (same process group): wait for it to
  // stop on its own terms instead of forwarding a second SIGINT. Other signals are passed on.
  process.on("SIGINT", () => {});
  for (const signal of ["SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((error) => {
  log(`\x1b[31m${error.message}\x1b[0m`);
  process.exit(1);
});
