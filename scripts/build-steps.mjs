// The build steps of the product, named once: `npm start` (bootstrap.mjs) and the tests that run
// the built services (scripts/build.mjs) both build from here, and skip a step whose sources are
// unchanged since its last build (build-freshness.mjs).

/** What `npm start` and `npm run cloudpa` run needs built; each step is skipped when its sources are unchanged. */
export const buildSteps = {
  services: {
    name: "services",
    label: "building the services",
    tool: "tsc",
    // What the product runs (and the projects they reference); the reliability suite is not built to start.
    inputs: [
      "contracts",
      "read-model",
      "services/lib/kit",
      "services/lib/testkit",
      "services/ingress",
      "services/projector",
      "services/outbound",
      "services/twilio-sim",
      "tsconfig.base.json",
      "pnpm-lock.yaml",
    ],
    outputs: [
      "contracts/dist/index.js",
      "services/lib/kit/dist/index.js",
      "read-model/dist/index.js",
      "services/ingress/dist/main.js",
      "services/ingress/dist/cli.js",
      "services/projector/dist/main.js",
      "services/projector/dist/cli.js",
      "services/outbound/dist/main.js",
      "services/twilio-sim/dist/main.js",
    ],
    pnpm: ["run", "build:services"],
  },
  web: {
    name: "web",
    label: "building the web app",
    tool: "vite",
    inputs: ["web", "contracts", "read-model", "services/lib/kit", "tsconfig.base.json", "pnpm-lock.yaml"],
    outputs: ["web/build/server/index.js"],
    pnpm: ["run", "build:web"],
  },
};
