import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildDecision, markBuilt } from "../build-freshness.mjs";

describe("build freshness: a second npm start skips a build whose sources did not change", () => {
  let root: string;
  const step = { name: "services", inputs: ["contracts", "tsconfig.base.json"], outputs: ["contracts/dist/index.js"] };
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const build = () => {
    const decision = buildDecision(root, step);
    write("contracts/dist/index.js", "built");
    markBuilt(root, step, decision.fingerprint);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "cloudpa-fresh-"));
    write("contracts/src/index.ts", "export const a = 1;");
    write("contracts/package.json", "{}");
    write("tsconfig.base.json", "{}");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("builds the first time, then is fresh until a source's content changes", () => {
    expect(buildDecision(root, step)).toMatchObject({
      fresh: false,
      reason: "not built yet",
      missing: "contracts/dist/index.js",
    });
    write("contracts/dist/index.js", "built by hand");
    expect(buildDecision(root, step)).toMatchObject({ fresh: false, reason: "no record of a previous build" });
    build();
    expect(buildDecision(root, step)).toMatchObject({ fresh: true });

    // A checkout or a fresh clone changes timestamps, not content.
    utimesSync(join(root, "contracts/src/index.ts"), new Date(), new Date(Date.now() + 60_000));
    expect(buildDecision(root, step).fresh).toBe(true);

    write("contracts/src/index.ts", "export const a = 2;");
    expect(buildDecision(root, step)).toMatchObject({ fresh: false, reason: "sources changed" });
    build();
    write("contracts/src/new-file.ts", "");
    expect(buildDecision(root, step).fresh).toBe(false);
    build();
    write("tsconfig.base.json", '{"strict":true}');
    expect(buildDecision(root, step).fresh).toBe(false);
  });

  it("ignores outputs, installs and tests, and rebuilds when an output is gone", () => {
    build();
    write("contracts/dist/extra.js", "");
    write("contracts/node_modules/zod/index.js", "");
    write("contracts/src/index.unit.spec.ts", "");
    write("contracts/dist/.tsbuildinfo", "");
    // A browser spec's screenshot: written by every run, never a source.
    write("contracts/test-results/inbox.png", "screenshot");
    expect(buildDecision(root, step).fresh).toBe(true);
    rmSync(join(root, "contracts/dist"), { recursive: true });
    expect(buildDecision(root, step).fresh).toBe(false);
  });
});
