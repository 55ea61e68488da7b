// Prometheus's own checks of deploy/observe/, where its promtool is installed (PROMTOOL, or
// promtool on the PATH; `apt-get install prometheus` has it): the scrape configuration and the
// rules parse, the dashboard's queries parse, and the alert rules fire as alerts.promtool.yml
// expects, near misses included.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { repositoryRoot } from "./compose-file.ts";
import { observeQueries } from "./observe-queries.ts";

const promtool = process.env.PROMTOOL ?? "promtool";
const havePromtool = spawnSync(promtool, ["--version"], { stdio: "ignore" }).status === 0;
const observeDir = join(repositoryRoot, "deploy", "observe");

function run(args: string[]) {
  return spawnSync(promtool, args, { cwd: join(repositoryRoot, "deploy", "test"), encoding: "utf8" });
}

describe.skipIf(!havePromtool)("alert rules and Prometheus configuration (promtool)", () => {
  it("parses prometheus.yml with the rules it loads", () => {
    // The container path of the rules, as mounted by docker-compose.yml, points at the file here.
    const dir = mkdtempSync(join(tmpdir(), "cloudpa-prometheus-"));
    const config = readFileSync(join(observeDir, "prometheus.yml"), "utf8").replace(
      "/etc/prometheus/alerts.yml",
      join(observeDir, "alerts.yml"),
    );
    writeFileSync(join(dir, "prometheus.yml"), config);
    const result = run(["check", "config", join(dir, "prometheus.yml")]);
    expect(result.stdout + result.stderr).toContain("SUCCESS: 1 rule files found");
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });

  it("parses every query of the dashboard, Grafana's interval variables given a value", () => {
    // promtool parses the PromQL of recording rules: each panel query becomes one.
    const dir = mkdtempSync(join(tmpdir(), "cloudpa-dashboard-"));
    const queries = observeQueries().filter((query) => !query.where.startsWith("alerts.yml"));
    const rules = queries.map((query, index) => ({
      record: `dashboard:query:${index}`,
      expr: query.expr.replaceAll("$__rate_interval", "1m").replaceAll("$__range", "1h"),
    }));
    writeFileSync(join(dir, "dashboard-queries.yml"), stringify({ groups: [{ name: "dashboard", rules }] }));
    const result = run(["check", "rules", join(dir, "dashboard-queries.yml")]);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(`SUCCESS: ${queries.length} rules found`);
  });

  it("fires each alert on what it is for and not on its near miss", () => {
    const result = run(["test", "rules", "alerts.promtool.yml"]);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain("SUCCESS");
  });
});
