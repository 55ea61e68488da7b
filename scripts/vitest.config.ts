// One vitest run over every package. Tests import workspace packages from their sources,
// so no build is needed before a test run; the tier is in the file name.
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
  "@cloudpa/testkit": `${root}services/lib/testkit/src/index.ts`,
  // Each `testing` entry before its package's own, which would otherwise take `/testing` as a path inside it.
  "@cloudpa/read-model/testing": `${root}read-model/src/testing/index.ts`,
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

const project = (dir: string, options: { decorators?: boolean } = {}) => ({
  root: `${root}${dir}`,
  resolve: { alias },
  plugins: options.decorators === false ? [] : [decorators()],
  test: {
    name: dir,
    include: ["src/**/*.spec.ts", "app/**/*.spec.ts", "test/**/*.spec.ts"],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    environment: "node",
  },
});

export default defineConfig({
  test: {
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
    ],
  },
});
