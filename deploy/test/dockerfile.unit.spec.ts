// deploy/Dockerfile can only be built where a Docker engine runs; these checks keep it in
// step with the repository: the pinned Node and pnpm, the frozen lockfile, a target and a
// non-root runtime for every process, and a build context without secrets or builds.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repositoryRoot } from "./compose-file.ts";

const dockerfile = readFileSync(join(repositoryRoot, "deploy", "Dockerfile"), "utf8");
const manifest = JSON.parse(readFileSync(join(repositoryRoot, "package.json"), "utf8")) as {
  cloudpa: { node: string; pnpm: string };
};
const stages = [...dockerfile.matchAll(/^FROM (\S+) AS (\S+)$/gm)].map(([, from, name]) => ({ from, name }));

describe("deploy/Dockerfile", () => {
  it("builds on the project's pinned Node 24 slim image and pnpm", () => {
    expect(dockerfile).toContain(`ARG NODE_VERSION=${manifest.cloudpa.node}`);
    expect(dockerfile).toContain(`ARG PNPM_VERSION=${manifest.cloudpa.pnpm}`);
    expect(manifest.cloudpa.node).toMatch(/^24\./);
    const slim = ["node:$", "{NODE_VERSION}-slim"].join("");
    expect(stages.find((stage) => stage.name === "base")?.from).toBe(slim);
    expect(stages.find((stage) => stage.name === "runtime")?.from).toBe(slim);
  });

  it("installs from the frozen lockfile, builds, and cuts a production tree per process", () => {
    expect(dockerfile).toContain("pnpm install --frozen-lockfile");
    expect(dockerfile).toContain("pnpm run build");
    expect(dockerfile).toMatch(/pnpm --filter "@cloudpa\/\$\{pkg\}" deploy --prod/);
    expect(dockerfile).toContain("for pkg in ingress projector outbound twilio-sim web deploy;");
  });

  it("has a target per process on the non-root runtime, each starting its entry point", () => {
    expect(dockerfile).toMatch(/^USER node$/m);
    const entry: Record<string, string> = {
      ingress: '"dist/main.js"',
      projector: '"dist/main.js"',
      outbound: '"dist/main.js"',
      "twilio-sim": '"dist/main.js"',
      web: '"server.js"',
      migrate: "setup-streams.ts && node projector/dist/cli.js migrate && cd web && node cli/cli.ts migrate",
    };
    for (const [target, command] of Object.entries(entry)) {
      expect(stages.find((stage) => stage.name === target)?.from, target).toBe("runtime");
      const body = dockerfile.split(`AS ${target}\n`)[1]?.split(/^FROM /m)[0] ?? "";
      expect(body, target).toContain(command);
    }
  });

  it("keeps secrets, dependencies and build output out of the build context", () => {
    const ignored = readFileSync(join(repositoryRoot, ".dockerignore"), "utf8").split("\n");
    for (const entry of [".env", ".git", "**/node_modules", "**/dist", "**/build", ".tools"]) {
      expect(ignored, entry).toContain(entry);
    }
  });
});
