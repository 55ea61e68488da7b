import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { localEventPublicKeys } from "@cloudpa/contracts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureLocalSecrets } from "./ensure-local-secrets.js";
import { installNameOf, LOCAL_SECRETS, settleLocalSecrets } from "./local-secrets.js";

const secrets = [
  ["A_KEY", () => "generated-a"],
  ["B_KEY", () => "generated-b"],
  ["C_KEY", () => "generated-c"],
] as const;

describe("settleLocalSecrets: which secrets a checkout takes, generates and records", () => {
  it("a first checkout generates each secret into its .env and the install's record", () => {
    const settled = settleLocalSecrets({ environment: {}, checkout: {}, install: {} }, secrets);
    expect(settled.forCheckout).toEqual([
      ["A_KEY", "generated-a"],
      ["B_KEY", "generated-b"],
      ["C_KEY", "generated-c"],
    ]);
    expect(settled.forInstall).toEqual(settled.forCheckout);
    expect(settled.generated).toEqual(["A_KEY", "B_KEY", "C_KEY"]);
    expect(settled.taken).toEqual([]);
  });

  it("a second checkout takes the install's secrets and generates only what the record lacks", () => {
    const settled = settleLocalSecrets(
      { environment: {}, checkout: {}, install: { A_KEY: "first-a", B_KEY: "first-b" } },
      secrets,
    );
    expect(settled.forCheckout).toEqual([
      ["A_KEY", "first-a"],
      ["B_KEY", "first-b"],
      ["C_KEY", "generated-c"],
    ]);
    expect(settled.taken).toEqual(["A_KEY", "B_KEY"]);
    expect(settled.forInstall).toEqual([["C_KEY", "generated-c"]]);
  });

  it("a checkout's own values are recorded where the install has none, and named where they differ", () => {
    const settled = settleLocalSecrets(
      {
        environment: {},
        checkout: { A_KEY: "own-a", B_KEY: "own-b", C_KEY: "same-c" },
        install: { B_KEY: "first-b", C_KEY: "same-c" },
      },
      secrets,
    );
    expect(settled.forCheckout).toEqual([]);
    expect(settled.forInstall).toEqual([["A_KEY", "own-a"]]);
    expect(settled.differing).toEqual(["B_KEY"]);
  });

  it("a secret the environment sets is neither written nor recorded", () => {
    const settled = settleLocalSecrets(
      { environment: { A_KEY: "from-the-shell" }, checkout: {}, install: { A_KEY: "first-a" } },
      secrets,
    );
    expect(settled.forCheckout.map(([name]) => name)).toEqual(["B_KEY", "C_KEY"]);
    expect(settled.forInstall.map(([name]) => name)).toEqual(["B_KEY", "C_KEY"]);
    expect(settled.taken).toEqual([]);
  });
});

describe("installNameOf: the install a configuration reaches", () => {
  it("names the defaults every service takes, and whatever the environment or .env sets instead", () => {
    expect(installNameOf({}, {})).toBe("cloudpa@127.0.0.1-4222+127.0.0.1-5432-cloudpa.env");
    expect(
      installNameOf(
        { CLOUDPA_NAMESPACE: "second" },
        { CLOUDPA_NAMESPACE: "ignored", DATABASE_URL: "postgres://u:p@db.local/other db" },
      ),
    ).toBe("second@127.0.0.1-4222+db.local-5432-other_db.env");
  });
});

describe("ensureLocalSecrets: two checkouts of one install on one machine", () => {
  let dir: string;
  const environment = () => ({ XDG_CONFIG_HOME: join(dir, "config") });
  const envOf = (file: string) => parseEnv(readFileSync(file, "utf8"));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "cloudpa-local-secrets-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("the second checkout's .env holds the first's keys, so both verify the same events", () => {
    const first = join(dir, "first.env");
    const second = join(dir, "second.env");
    writeFileSync(second, "WEB_PORT=3100");

    const made = ensureLocalSecrets(first, environment());
    expect(made.generated).toEqual(LOCAL_SECRETS.map(([name]) => name));
    expect(readFileSync(first, "utf8")).toMatch(/^# Cloud PA's local configuration/);
    expect(readdirSync(join(dir, "config", "cloudpa", "installs"))).toEqual([
      "cloudpa@127.0.0.1-4222+127.0.0.1-5432-cloudpa.env",
    ]);
    expect(statSync(made.installFile).mode & 0o777).toBe(0o600);

    const taken = ensureLocalSecrets(second, environment());
    expect(taken.taken).toEqual(made.generated);
    expect(taken.generated).toEqual([]);
    const [a, b] = [envOf(first), envOf(second)];
    expect(b.WEB_PORT).toBe("3100");
    for (const [name] of LOCAL_SECRETS) expect(b[name], name).toBe(a[name]);
    expect(localEventPublicKeys(b)).toBe(localEventPublicKeys(a));

    // A restart changes nothing.
    const again = ensureLocalSecrets(second, environment());
    expect([again.forCheckout, again.forInstall, again.differing]).toEqual([[], [], []]);
  });

  it("a checkout on another database or namespace is another install, with its own keys", () => {
    const first = join(dir, "first.env");
    const other = join(dir, "other.env");
    writeFileSync(other, "CLOUDPA_NAMESPACE=other\n");
    ensureLocalSecrets(first, environment());
    const settled = ensureLocalSecrets(other, environment());
    expect(settled.taken).toEqual([]);
    expect(envOf(other).CREDENTIALS_KEY).not.toBe(envOf(first).CREDENTIALS_KEY);
    expect(readdirSync(join(dir, "config", "cloudpa", "installs")).sort()).toEqual([
      "cloudpa@127.0.0.1-4222+127.0.0.1-5432-cloudpa.env",
      "other@127.0.0.1-4222+127.0.0.1-5432-cloudpa.env",
    ]);
  });

  it("an earlier checkout's complete .env becomes the install's record when there is none", () => {
    const earlier = join(dir, "earlier.env");
    ensureLocalSecrets(earlier, { XDG_CONFIG_HOME: join(dir, "elsewhere") });
    const recorded = ensureLocalSecrets(earlier, environment());
    expect(recorded.forInstall.map(([name]) => name)).toEqual(LOCAL_SECRETS.map(([name]) => name));
    expect(recorded.forCheckout).toEqual([]);
    const next = join(dir, "next.env");
    ensureLocalSecrets(next, environment());
    expect(envOf(next).INGRESS_SIGNING_KEY).toBe(envOf(earlier).INGRESS_SIGNING_KEY);
  });
});
