// One vitest run over every package. Tests import workspace packages from their sources,
// so no build is needed before a test run; the tier is in the file name.
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import swc from "unplugin-swc";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL("..", import.meta.url));

const alias = {
  // The parts of contracts the browser's bundle takes alone (the index pulls in node:crypto).
  "@cloudpa/contracts/render-template": `${root}contracts/src/templates/render-template.ts`,
  "@cloudpa/contracts/media-limits": `${root}contracts/src/media/media-limits.ts`,
  "@cloudpa/contracts/auto-reply-kind": `${root}contracts/src/auto-replies/auto-reply-kind.ts`,
  "@cloudpa/contracts": `${root}contracts/src/index.ts`,
  // The kit without Nest, tracing or Twilio (the operator CLI's), before the package's own entry.
  "@cloudpa/kit/core": `${root}services/lib/kit/src/core.ts`,
  // The kit's Twilio client, which only the services calling Twilio load.
  "@cloudpa/kit/twilio": `${root}services/lib/kit/src/twilio.ts`,
  "@cloudpa/kit": `${root}services/lib/kit/src/index.ts`,
  // A database of its own without the rest of the kit (the bench's), before the package's own entry.
  "@cloudpa/testkit/scratch-database": `${root}services/lib/testkit/src/scratch-database.ts`,
  "@cloudpa/testkit": `${root}services/lib/testkit/src/index.ts`,
  // Each `testing` entry before its package's own, which would otherwise take `/testing` as a path inside it.
  "@cloudpa/read-model/testing": `${root}read-model/src/testing/index.ts`,
  // The write side alone (decision 040), before the package's own entry.
  "@cloudpa/read-model/projection": `${root}read-model/src/projection.ts`,
  "@cloudpa/read-model": `${root}read-model/src/index.ts`,
  "@cloudpa/twilio-sim/testing": `${root}services/twilio-sim/src/testing/index.ts`,
  "@cloudpa/twilio-sim": `${root}services/twilio-sim/src/index.ts`,
};

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
