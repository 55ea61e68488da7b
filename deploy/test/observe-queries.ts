// The PromQL of deploy/observe/ (every dashboard's panels and the alert rules), and which of the
// names it reads no exposition declares.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { repositoryRoot } from "./compose-file.ts";
import {
  dashboardExpressions,
  familiesOf,
  isExported,
  type MetricType,
  metricNamesOf,
  ruleExpressions,
} from "./promql-names.ts";

const observeDir = join(repositoryRoot, "deploy", "observe");
const dashboardsDir = join(observeDir, "grafana", "dashboards");

export interface Query {
  where: string;
  expr: string;
}

/** The queries of every dashboard and of the alert rules, each with where it stands. */
export function observeQueries(): Query[] {
  const dashboards = readdirSync(dashboardsDir)
    .filter((file) => file.endsWith(".json"))
    .flatMap((file) =>
      dashboardExpressions(JSON.parse(readFileSync(join(dashboardsDir, file), "utf8"))).map((query) => ({
        ...query,
        where: `${file} ${query.where}`,
      })),
    );
  const rules = ruleExpressions(parse(readFileSync(join(observeDir, "alerts.yml"), "utf8"))).map((query) => ({
    ...query,
    where: `alerts.yml ${query.where}`,
  }));
  return [...dashboards, ...rules];
}

/** The families of several expositions (several services' /metrics) together. */
export function familiesOfAll(expositions: string[]): Map<string, MetricType> {
  const families = new Map<string, MetricType>();
  for (const text of expositions) for (const [name, type] of familiesOf(text)) families.set(name, type);
  return families;
}

/** Names read by the queries that no family exports, each with the queries that read it. */
export function unexportedNames(queries: Query[], families: Map<string, MetricType>): Record<string, string[]> {
  const missing: Record<string, string[]> = {};
  for (const { where, expr } of queries) {
    for (const name of metricNamesOf(expr)) {
      if (!isExported(name, families)) missing[name] = [...(missing[name] ?? []), where];
    }
  }
  return missing;
}
