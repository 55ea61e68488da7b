#!/usr/bin/env node
// Runs the whole vitest suite (or one tier: --tier unit|int|e2e|soak|cluster) and ends with the plain
// line "N passed, N failed, N skipped" that CI reads.
//
// Two vitest runs, one after the other (decision 037): the unit and int specs in workers shared
// across files (`--no-isolate`), then the process-spawning specs and the few that install
// process-wide state, each in a fresh worker. The projects of scripts/vitest.config.ts say which is which.
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
const OWN_PROCESS = "* (own process)";
const POOLS = [
  { name: "shared", switches: ["--no-isolate", "--project", "!" + OWN_PROCESS] },
  { name: "own", switches: ["--project", OWN_PROCESS] },
];
const filter = tier ? [`.${tier}.spec.`] : [];

const totals = { passed: 0, failed: 0, skipped: 0, total: 0 };
let status = 0;
for (const pool of POOLS) {
  // One report per run, so runs side by side never read each other's counts.
  const report = join(tmpdir(), `cloudpa-vitest-${process.pid}-${pool.name}.json`);
  rmSync(report, { force: true });
  const result = spawnSync(
    "vitest",
    [
      "run",
      "--config",
      "scripts/vitest.config.ts",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${report}`,
      // A tier or a path may fall wholly in one pool; the other then has nothing to run.
      "--passWithNoTests",
      ...pool.switches,
      ...filter,
      ...args,
    ],
    // The soak and the cluster faults are left out of every other run; each one's own tier switches it on.
    { cwd: root, stdio: "inherit", env: { ...process.env, ...TIER_SWITCHES[tier] } },
  );
  if (result.status !== 0) status = result.status ?? 1;
  if (existsSync(report)) {
    const summary = JSON.parse(readFileSync(report, "utf8"));
    totals.passed += summary.numPassedTests;
    // A file whose hook or import failed fails without a failed test (its tests count as skipped).
    const failedOutsideTests = summary.testResults.filter(
      (file) => file.status === "failed" && !file.assertionResults.some((test) => test.status === "failed"),
    ).length;
    totals.failed += summary.numFailedTests + failedOutsideTests;
    totals.skipped += summary.numPendingTests + summary.numTodoTests;
    totals.total += summary.numTotalTests;
  } else status ||= 1;
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (totals.total === 0) {
  console.error("no test ran");
  process.exit(1);
}
process.exit(status);
