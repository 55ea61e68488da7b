import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateSigningKey, parseEnv, projectorEnvSchema } from "@cloudpa/contracts";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadDotEnv } from "./dotenv.js";

const variables = [
  "PUBLIC_BASE_URL",
  "INGRESS_PORT",
  "TWILIO_SIM_PORT",
  "TWILIO_AUTH_TOKEN",
  "TWILIO_API_BASE_URL",
  "TWILIO_SIM_URL",
  "INGRESS_SIGNING_KEY",
  "OUTBOUND_SIGNING_KEY",
  "WEB_SIGNING_KEY",
  "EVENT_PUBLIC_KEYS",
  "CLOUDPA_ENV_FILE",
  "DOTENV_PROBE",
];

describe("loadDotEnv: the local configuration every process of a local install reads", () => {
  let dir: string;
  const saved = new Map<string, string | undefined>();
  const keys = {
    ingress: generateSigningKey("ingress", "ingress-local"),
    outbound: generateSigningKey("outbound", "outbound-local"),
    web: generateSigningKey("web", "web-local"),
  };
  const envFile = (lines: string[]) => {
    const file = join(dir, `${lines.length}-${Math.random().toString(36).slice(2)}.env`);
    writeFileSync(file, `${lines.join("\n")}\n`);
    return file;
  };
  const signingLines = [
    `INGRESS_SIGNING_KEY=${keys.ingress.signingKey}`,
    `OUTBOUND_SIGNING_KEY=${keys.outbound.signingKey}`,
    `WEB_SIGNING_KEY=${keys.web.signingKey}`,
  ];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "cloudpa-dotenv-"));
    for (const name of variables) {
      saved.set(name, process.env[name]);
      delete process.env[name];
    }
  });
  afterEach(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("derives the consumers' keyring from the producers' signing keys in .env (what npm start writes)", () => {
    loadDotEnv(envFile(signingLines));
    expect(JSON.parse(process.env.EVENT_PUBLIC_KEYS ?? "null")).toEqual({
      "ingress-local": keys.ingress.publicEntry,
      "outbound-local": keys.outbound.publicEntry,
      "web-local": keys.web.publicEntry,
    });
    // The projector's operator commands parse exactly this.
    const env = parseEnv(projectorEnvSchema);
    expect([...env.EVENT_PUBLIC_KEYS.keys()].sort()).toEqual(["ingress-local", "outbound-local", "web-local"]);
  });

  it("keeps a keyring the operator set, and derives none from an incomplete set of keys", () => {
    process.env.EVENT_PUBLIC_KEYS = "{}";
    loadDotEnv(envFile(signingLines));
    expect(process.env.EVENT_PUBLIC_KEYS).toBe("{}");

    delete process.env.EVENT_PUBLIC_KEYS;
    for (const name of signingLines.map((line) => line.split("=")[0] ?? "")) delete process.env[name];
    loadDotEnv(envFile(signingLines.slice(0, 2)));
    expect(process.env.EVENT_PUBLIC_KEYS).toBeUndefined();
  });

  it("names a malformed signing key instead of deriving a keyring from it", () => {
    expect(() => loadDotEnv(envFile([...signingLines.slice(0, 2), "WEB_SIGNING_KEY=web-local:not-a-key"]))).toThrow(
      /WEB_SIGNING_KEY/,
    );
  });

  it("points a local install without a Twilio account at the simulator, as npm start does", () => {
    loadDotEnv(envFile(["INGRESS_PORT=3311", "TWILIO_SIM_PORT=3312"]));
    expect(process.env).toMatchObject({
      PUBLIC_BASE_URL: "http://localhost:3311",
      TWILIO_API_BASE_URL: "http://127.0.0.1:3312",
      TWILIO_SIM_URL: "http://localhost:3312",
    });
  });

  it("leaves Twilio alone with a real account, and adds nothing without a .env (a deployment)", () => {
    loadDotEnv(envFile(["TWILIO_AUTH_TOKEN=token", "PUBLIC_BASE_URL=https://pa.example.com"]));
    expect(process.env.PUBLIC_BASE_URL).toBe("https://pa.example.com");
    expect(process.env.TWILIO_API_BASE_URL).toBeUndefined();
    delete process.env.TWILIO_AUTH_TOKEN;
    delete process.env.PUBLIC_BASE_URL;
    loadDotEnv(join(dir, "absent.env"));
    expect(process.env.TWILIO_API_BASE_URL).toBeUndefined();
    expect(process.env.PUBLIC_BASE_URL).toBeUndefined();
  });

  it("reads the file CLOUDPA_ENV_FILE names instead, and never overrides the environment", () => {
    process.env.CLOUDPA_ENV_FILE = envFile(["DOTENV_PROBE=from-the-named-file", ...signingLines]);
    process.env.WEB_SIGNING_KEY = keys.web.signingKey;
    loadDotEnv(envFile(["DOTENV_PROBE=from-the-default-file"]));
    expect(process.env.DOTENV_PROBE).toBe("from-the-named-file");
    expect(process.env.EVENT_PUBLIC_KEYS).toBeDefined();
  });
});
