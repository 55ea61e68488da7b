// DESIGN.md's "may import" column, checked on every source file: a service importing
// another service, a deep import into a package, or a relative path out of a package fails.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

interface Rule {
  dir: string;
  sources: string[];
  /** Workspace packages this part may import in its code. */
  may: string[];
  /** Additionally allowed in tests only (stand-ins for the outside world, test kit). */
  testsMay?: string[];
  /** If set, the only third-party packages allowed. */
  onlyThirdParty?: string[];
  /** Third-party packages additionally allowed in tests only (root devDependencies). */
  testsThirdParty?: string[];
  /** Every file of it is test code (a suite and its harness), so it may use `testing` entry points. */
  testCodeThroughout?: boolean;
}

const testOnly = ["@cloudpa/testkit"];
const rules: Rule[] = [
  {
    dir: "contracts",
    sources: ["src"],
    may: [],
    onlyThirdParty: ["zod"],
    testsThirdParty: ["vitest", "fast-check"],
  },
  { dir: "services/lib/kit", sources: ["src"], may: ["@cloudpa/contracts"] },
  { dir: "services/lib/testkit", sources: ["src"], may: ["@cloudpa/contracts", "@cloudpa/kit"] },
  { dir: "read-model", sources: ["src"], may: ["@cloudpa/contracts"], testsMay: testOnly },
  {
    dir: "services/ingress",
    sources: ["src"],
    may: ["@cloudpa/contracts", "@cloudpa/kit"],
    testsMay: [...testOnly, "@cloudpa/twilio-sim"],
  },
  {
    dir: "services/projector",
    sources: ["src"],
    may: ["@cloudpa/contracts", "@cloudpa/kit", "@cloudpa/read-model"],
    testsMay: testOnly,
  },
  {
    dir: "services/outbound",
    sources: ["src"],
    may: ["@cloudpa/contracts", "@cloudpa/kit"],
    testsMay: [...testOnly, "@cloudpa/twilio-sim"],
  },
  { dir: "services/twilio-sim", sources: ["src"], may: ["@cloudpa/contracts"] },
  // The reliability suite is test code throughout: its harness drives the real services from outside.
  {
    dir: "tests/faults",
    sources: ["src"],
    may: ["@cloudpa/contracts", "@cloudpa/kit", "@cloudpa/read-model", ...testOnly, "@cloudpa/twilio-sim"],
    testCodeThroughout: true,
  },
  {
    dir: "web",
    sources: ["app", "cli", "test"],
    may: ["@cloudpa/contracts", "@cloudpa/read-model", "@cloudpa/kit"],
    testsMay: [...testOnly, "@cloudpa/twilio-sim"],
  },
  // The benchmarks run the services only as processes, never by importing them; their databases are
  // the test kit's scratch databases (created and dropped as the specs' are).
  {
    dir: "bench",
    sources: ["src", "peers", "test"],
    may: ["@cloudpa/contracts", "@cloudpa/kit", "@cloudpa/read-model", ...testOnly],
  },
];

const SOURCE = /\.(ts|tsx|mts|js|mjs)$/;
const IMPORT =
  /(?:^|\s)(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;

function filesUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    if (name === "node_modules" || name === "dist" || name === "build") return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : SOURCE.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(IMPORT)].map((match) => match[1] ?? match[2] ?? match[3] ?? "").filter(Boolean);
}

const builtins = new Set(builtinModules);

/** The directory of each workspace package, by name. */
const packageDirs = new Map(
  rules.map((rule) => [
    JSON.parse(readFileSync(join(root, rule.dir, "package.json"), "utf8")).name as string,
    rule.dir,
  ]),
);
/**
 * A package's own entry points besides its index, as its package.json `exports` declares them
 * (e.g. contracts' browser-safe `./render-template`); `./testing` is for tests only (below).
 */
function declaredEntry(specifier: string, name: string): boolean {
  const dir = packageDirs.get(name);
  if (dir === undefined || specifier === `${name}/testing`) return false;
  const manifest = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"));
  return Object.keys(manifest.exports ?? {}).includes(`.${specifier.slice(name.length)}`);
}
/** Specs, and test-support folders (`test/`, `testing/`) that only specs import. */
const isTest = (file: string) =>
  /\.(spec|test)\.[cm]?[jt]sx?$/.test(file) ||
  file.includes(`${sep}test${sep}`) ||
  file.includes(`${sep}testing${sep}`);

function violations(rule: Rule): string[] {
  const packageDir = resolve(root, rule.dir);
  const found: string[] = [];
  for (const file of rule.sources.flatMap((source) => filesUnder(join(packageDir, source)))) {
    const where = relative(root, file);
    for (const specifier of importsOf(file)) {
      if (specifier.startsWith(".")) {
        const target = resolve(file, "..", specifier);
        if (!target.startsWith(packageDir + sep))
          found.push(`${where}: relative import out of the package: ${specifier}`);
        continue;
      }
      if (specifier.startsWith("node:") || builtins.has(specifier)) continue;
      if (specifier.startsWith("@cloudpa/")) {
        const name = specifier.split("/").slice(0, 2).join("/");
        // A package's `testing` entry point (test helpers kept out of its index) is for tests only.
        const testingEntry = specifier === `${name}/testing` && (isTest(file) || rule.testCodeThroughout === true);
        if (specifier !== name && !testingEntry && !declaredEntry(specifier, name))
          found.push(`${where}: deep import ${specifier} (import ${name})`);
        const allowed = [...rule.may, ...(isTest(file) ? (rule.testsMay ?? []) : [])];
        if (!allowed.includes(name)) found.push(`${where}: ${rule.dir} may not import ${name}`);
        continue;
      }
      if (rule.onlyThirdParty) {
        const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0];
        const allowed = [...rule.onlyThirdParty, ...(isTest(file) ? (rule.testsThirdParty ?? []) : [])];
        if (!allowed.includes(name ?? "")) found.push(`${where}: ${rule.dir} may not import ${specifier}`);
      }
    }
  }
  return found;
}

describe("package boundaries (DESIGN.md)", () => {
  it.each(rules.map((rule) => [rule.dir, rule] as const))("%s imports only what it may", (_dir, rule) => {
    expect(violations(rule)).toEqual([]);
  });

  it("catches a service importing another service", () => {
    const probe = importsOf(fileURLToPath(import.meta.url)).length;
    expect(probe).toBeGreaterThan(0);
    const rule: Rule = { dir: "services/lib/kit", sources: ["src"], may: [] };
    expect(violations(rule).some((line) => line.includes("may not import @cloudpa/contracts"))).toBe(true);
  });

  it("accepts only the entry points a package declares", () => {
    expect(declaredEntry("@cloudpa/contracts/render-template", "@cloudpa/contracts")).toBe(true);
    expect(declaredEntry("@cloudpa/contracts/src/templates/render-template", "@cloudpa/contracts")).toBe(false);
    expect(declaredEntry("@cloudpa/read-model/testing", "@cloudpa/read-model")).toBe(false);
  });
});
