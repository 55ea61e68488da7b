// The metric names a PromQL expression reads, and the metric families a Prometheus text
// exposition declares; enough PromQL for dashboards and alert rules, not a full parser.

const KEYWORDS = new Set(["and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right"]);
const KEYWORDS_BEFORE_VALUE = new Set(["offset", "bool", "inf", "nan"]);
/** Clauses whose parenthesised list holds label names, not series. */
const LABEL_LISTS = /\b(by|without|on|ignoring|group_left|group_right)\s*\(([^()]*)\)/g;

/** Every metric name `expression` selects, e.g. `rate(x_total{a="b"}[5m]) / y` → x_total, y. */
export function metricNamesOf(expression: string): string[] {
  const stripped = expression
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""') // strings (label values, regexes)
    .replace(/\{[^{}]*\}/g, " ") // label matchers
    .replace(/\[[^\]]*\]/g, " ") // range and subquery windows, $__rate_interval included
    .replace(LABEL_LISTS, " ")
    .replace(/#.*$/gm, " "); // comments
  const names = new Set<string>();
  for (const match of stripped.matchAll(/(?<![\w:.$])([A-Za-z_:][\w:]*)(\s*\()?/g)) {
    const [, name = "", call] = match;
    if (call) continue; // a function or an aggregation
    const lower = name.toLowerCase();
    if (KEYWORDS.has(lower) || KEYWORDS_BEFORE_VALUE.has(lower)) continue;
    // A duration after offset (5m) starts with a digit and never matches; so does a number.
    names.add(name);
  }
  return [...names];
}

export type MetricType = "counter" | "gauge" | "histogram" | "summary" | "untyped";

/** The families of a text exposition (`# TYPE name type`), even those with no sample yet. */
export function familiesOf(exposition: string): Map<string, MetricType> {
  const families = new Map<string, MetricType>();
  for (const match of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    families.set(match[1] ?? "", (match[2] ?? "untyped") as MetricType);
  }
  return families;
}

/** Whether a name a query reads is a series of one of these families (a histogram's _bucket, _sum, _count too). */
export function isExported(name: string, families: Map<string, MetricType>): boolean {
  if (families.has(name)) return true;
  const suffixes: Record<string, MetricType[]> = {
    _bucket: ["histogram"],
    _sum: ["histogram", "summary"],
    _count: ["histogram", "summary"],
  };
  for (const [suffix, types] of Object.entries(suffixes)) {
    if (!name.endsWith(suffix)) continue;
    const family = families.get(name.slice(0, -suffix.length));
    if (family && types.includes(family)) return true;
  }
  return false;
}

/** Every `expr` of a Grafana dashboard's panels (rows and nested panels included). */
export function dashboardExpressions(dashboard: unknown): { where: string; expr: string }[] {
  const found: { where: string; expr: string }[] = [];
  const visit = (panels: unknown) => {
    if (!Array.isArray(panels)) return;
    for (const panel of panels as { title?: string; targets?: { expr?: string }[]; panels?: unknown }[]) {
      for (const target of panel.targets ?? []) {
        if (target.expr) found.push({ where: `panel "${panel.title ?? "?"}"`, expr: target.expr });
      }
      visit(panel.panels);
    }
  };
  visit((dashboard as { panels?: unknown }).panels);
  return found;
}

/** Every rule's `expr` of a Prometheus rules file. */
export function ruleExpressions(rules: unknown): { where: string; expr: string }[] {
  const groups = (rules as { groups?: { rules?: { alert?: string; record?: string; expr?: string }[] }[] }).groups;
  return (groups ?? []).flatMap((group) =>
    (group.rules ?? []).flatMap((rule) =>
      rule.expr ? [{ where: `rule ${rule.alert ?? rule.record ?? "?"}`, expr: String(rule.expr) }] : [],
    ),
  );
}
