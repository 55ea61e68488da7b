#!/usr/bin/env node
// Runs the whole vitest suite (or one tier: --tier unit|int|e2e|soak|cluster) and ends with the plain
// line "N passed, N failed, N skipped" that CI reads.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const tierAt = args.indexOf("--tier");
const tier = tierAt >= 0 ? args.splice(tierAt, 2)[1] : undefined;
if (tier && !["unit", "int", "e2e", "soak", "cluster"].includes(tier)) {
  console.error(`unknown tier "${tier}" (unit, int, e2e, soak, cluster)`);
  process.exit(2);
}
const TIER_SWITCHES = { soak: { CLOUDPA_SOAK: "1" }, cluster: { CLOUDPA_CLUSTER: "1" } };
// One report per run, so runs side by side never read each other's counts.
const report = join(tmpdir(), `cloudpa-vitest-${process.pid}.json`);
rmSync(report, { force: true });
const filter = tier ? [`.${tier}.spec.`] : [];
const result = spawnSync(
  "vitest",
  [
    "run",
    "--config",
    "scripts/vitest.config.ts",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${report}`,
    ...filter,
    ...args,
  ],
  // The soak and the cluster faults are left out of every other run; each one's own tier switches it on.
  { cwd: root, stdio: "inherit", env: { ...process.env, ...TIER_SWITCHES[tier] } },
);
if (existsSync(report)) {
  const summary = JSON.parse(readFileSync(report, "utf8"));
  const skipped = summary.numPendingTests + summary.numTodoTests;
  console.log(`\n${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${skipped} skipped`);
  if (summary.numTotalTests === 0) {
    console.error("no test ran");
    process.exit(1);
  }
}
process.exit(result.status ?? 1);
