// One vitest run over every package. Tests import workspace packages from their sources,
// so no build is needed before a test run; the tier is in the file name.
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import swc from "unplugin-swc";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

/** The workspace packages whose entries a spec imports. */
const WORKSPACE_PACKAGES = [
  "contracts",
  "services/lib/kit",
  "services/lib/testkit",
  "read-model",
  "services/twilio-sim",
];

/**
 * Each entry a workspace package exports (its package.json's `exports`, the one list of them),
 * pointed at its source: `./dist/x.js` is `src/x.ts`. Matched whole, so an entry's subpath is
 * never taken for a path inside the package's main entry.
 */
const alias = WORKSPACE_PACKAGES.flatMap((dir) => {
  const { name, exports } = JSON.parse(readFileSync(`${root}${dir}/package.json`, "utf8")) as {
    name: string;
    exports: Record<string, { default: string }>;
  };
  return Object.entries(exports).map(([subpath, target]) => ({
    find: exactly(`${name}${subpath.slice(1)}`),
    replacement: `${root}${dir}/${target.default.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts")}`,
  }));
});

/** A pattern that matches the module id and nothing longer. */
function exactly(id: string): RegExp {
  return new RegExp(`^${id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
}

// Nest resolves constructor dependencies from decorator metadata, which esbuild does not emit.
const decorators = () =>
  swc.vite({
    jsc: {
      parser: { syntax: "typescript", decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: "es2023",
    },
  });

/**
 * Spec files that install process-wide state a shared worker cannot undo: OpenTelemetry's global
 * provider and the instrumentations' module patches. They run in a process of their own.
 */
const OWN_PROCESS = ["**/*-span.int.spec.ts", "**/*-spans.int.spec.ts"];
/** Tiers that spawn the product's processes and a browser; each file gets a fresh worker. */
const PROCESS_TIERS = ["**/*.e2e.spec.ts", "**/*.soak.spec.ts", "**/*.cluster.spec.ts"];
const SPEC_FOLDERS = ["src", "app", "test"];

/**
 * One package's specs as two vitest projects: `<dir>` (unit and int specs, run by
 * scripts/run-vitest.mjs in workers shared across files, so Nest, MikroORM and Twilio's SDK are
 * imported once, not once per file) and `<dir> (own process)` (the process-spawning tiers and
 * OWN_PROCESS, a fresh worker per file). Decision 037 says why.
 */
const project = (dir: string, options: { decorators?: boolean } = {}) => {
  const specs = (globs: string[]) => SPEC_FOLDERS.flatMap((folder) => globs.map((glob) => `${folder}/${glob}`));
  const base = (name: string) => ({
    root: `${root}${dir}`,
    resolve: { alias },
    plugins: options.decorators === false ? [] : [decorators()],
    test: { name, testTimeout: 30_000, hookTimeout: 90_000, environment: "node" },
  });
  const shared = base(dir);
  const own = base(`${dir} (own process)`);
  return [
    {
      ...shared,
      test: {
        ...shared.test,
        include: specs(["**/*.spec.ts"]),
        exclude: [...specs([...PROCESS_TIERS, ...OWN_PROCESS]), "**/node_modules/**"],
      },
    },
    { ...own, test: { ...own.test, include: specs([...PROCESS_TIERS, ...OWN_PROCESS]) } },
  ];
};

export default defineConfig({
  test: {
    // vitest's default is one worker fewer than the cores: one on this 2-core kind of machine.
    // The specs mostly wait on NATS, Postgres, child processes and a browser, so two files at a
    // time finish the suite sooner (measured in decision 037).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      project("contracts"),
      project("services/lib/kit"),
      project("services/lib/testkit"),
      project("read-model"),
      project("services/ingress"),
      project("services/projector"),
      project("services/outbound"),
      project("services/twilio-sim"),
      project("tests/faults"),
      project("web", { decorators: false }),
      project("scripts", { decorators: false }),
      project("deploy", { decorators: false }),
      project("bench", { decorators: false }),
    ].flat(),
  },
});
