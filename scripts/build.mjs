#!/usr/bin/env node
// `node scripts/build.mjs <step>…` (steps of build-steps.mjs: services, web): builds each step
// whose sources changed since its last build, and nothing else. One build at a time per checkout,
// and the decision is taken while holding the lock: test workers that start the web side by side
// never rebuild it under each other's feet (a rebuild empties web/build while a server reads it).
import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildDecision, markBuilt } from "./build-freshness.mjs";
import { buildSteps } from "./build-steps.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const toolsDir = join(root, ".tools", "node_modules");
const pnpmCli = join(toolsDir, "pnpm", "bin", "pnpm.cjs");
// Package scripts call `pnpm` and `node` by name: the project's own, whoever calls this.
const env = {
  ...process.env,
  PATH: [join(toolsDir, "node", "bin"), join(toolsDir, ".bin"), process.env.PATH].join(delimiter),
  // What is built is what ships. A test run calls this with vitest's NODE_ENV=test, which Vite
  // would carry into the web's bundles: React's development build, effects run twice.
  NODE_ENV: "production",
};
const lockFile = join(root, ".cache", "build.lock");

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
};

/** Its owner died (or died between creating it and writing its pid, long ago). */
function lockIsStale() {
  try {
    const owner = Number(readFileSync(lockFile, "utf8"));
    return owner ? !alive(owner) : Date.now() - statSync(lockFile).mtimeMs > 10_000;
  } catch {
    return false; // gone already: the next try takes it
  }
}

/** An exclusive lock file holding the owner's pid; a lock whose owner died is taken over. */
async function withLock(work) {
  mkdirSync(dirname(lockFile), { recursive: true });
  for (;;) {
    try {
      const fd = openSync(lockFile, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      if (lockIsStale()) rmSync(lockFile, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return work();
  } finally {
    rmSync(lockFile, { force: true });
  }
}

function build(step) {
  const decision = buildDecision(root, step);
  if (decision.fresh) return;
  const logDir = join(root, ".cache", "logs");
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `build-${step.name}.log`);
  const fd = openSync(logFile, "w");
  const result = spawnSync(process.execPath, [pnpmCli, ...step.pnpm], { cwd: root, env, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  if (result.status !== 0) {
    const tail = readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-40).join("\n");
    throw new Error(`${step.label} failed (${decision.reason}); full output in ${logFile}:\n${tail}`);
  }
  markBuilt(root, step, decision.fingerprint);
}

const names = process.argv.slice(2);
const unknown = names.filter((name) => !buildSteps[name]);
if (names.length === 0 || unknown.length > 0) {
  console.error(`usage: node scripts/build.mjs <${Object.keys(buildSteps).join("|")}>…`);
  process.exit(2);
}
try {
  await withLock(() => {
    for (const name of names) build(buildSteps[name]);
  });
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
