#!/usr/bin/env node
// Entry point of `npm start`, `npm test`, `npm run bench` and `npm run cloudpa`.
// Runs on whatever Node the machine has (>= 20): it installs the project's pinned Node 24
// and pnpm from the npm registry into .tools/, installs the packages, makes sure NATS and
// Postgres answer, then hands over to the real script running on Node 24.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createConnection } from "node:net";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const { node: nodeVersion, pnpm: pnpmVersion } = manifest.cloudpa;
const toolsDir = join(root, ".tools");
const nodeBinDir = join(toolsDir, "node_modules", "node", "bin");
const pnpmCli = join(toolsDir, "node_modules", "pnpm", "bin", "pnpm.cjs");

const [target = "test", ...rest] = process.argv.slice(2);
const targets = {
  start: { services: true, script: ["run", "start:all"] },
  test: { services: true, script: ["run", "test:all"] },
  bench: { services: true, script: ["--filter", "@cloudpa/bench", "run", "bench"] },
  cloudpa: { services: true, script: ["run", "--silent", "cli"] },
};

function log(message) {
  process.stderr.write(`\x1b[36m[cloudpa]\x1b[0m ${message}\n`);
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
  log(`installing Node ${nodeVersion} and pnpm ${pnpmVersion} into .tools/ (npm registry)`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(
    npm,
    [
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
    ],
    { stdio: "inherit" },
  );
  if (result.status !== 0) throw new Error("could not install Node 24 and pnpm from the npm registry");
}

const env = {
  ...process.env,
  PATH: [nodeBinDir, join(toolsDir, "node_modules", ".bin"), join(root, "node_modules", ".bin"), process.env.PATH].join(
    delimiter,
  ),
  npm_config_update_notifier: "false",
};

function pnpm(args, options = {}) {
  return spawnSync(join(nodeBinDir, "node"), [pnpmCli, ...args], {
    cwd: root,
    env,
    stdio: "inherit",
    ...options,
  });
}

function ensurePackages() {
  const marker = join(root, "node_modules", ".modules.yaml");
  const lock = join(root, "pnpm-lock.yaml");
  const fresh = existsSync(marker) && existsSync(lock) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
  if (fresh) return;
  log("installing packages (pnpm install)");
  const frozen = process.env.CI ? ["--frozen-lockfile"] : [];
  const result = pnpm(["install", ...frozen, "--reporter=append-only"]);
  if (result.status !== 0) throw new Error("pnpm install failed");
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

async function ensureServices() {
  const nats = endpoint(process.env.NATS_URL ?? "nats://127.0.0.1:4222", 4222);
  const postgres = endpoint(process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/cloudpa", 5432);
  const missing = async () => {
    const down = [];
    if (!(await reachable(nats.host, nats.port))) down.push(`NATS JetStream at ${nats.host}:${nats.port}`);
    if (!(await reachable(postgres.host, postgres.port))) down.push(`PostgreSQL at ${postgres.host}:${postgres.port}`);
    return down;
  };
  // Tests and services find them through these; set once here so every child agrees.
  env.NATS_URL ??= `nats://${nats.host}:${nats.port}`;
  env.DATABASE_URL ??= `postgres://postgres@${postgres.host}:${postgres.port}/cloudpa`;
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
  if (!chosen) throw new Error(`unknown target "${target}" (start, test, bench, cloudpa)`);
  ensureTools();
  ensurePackages();
  if (chosen.services) await ensureServices();
  const child = spawn(join(nodeBinDir, "node"), [pnpmCli, ...chosen.script, ...rest], {
    cwd: root,
    env,
    stdio: "inherit",
  });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((error) => {
  log(`\x1b[31m${error.message}\x1b[0m`);
  process.exit(1);
});
