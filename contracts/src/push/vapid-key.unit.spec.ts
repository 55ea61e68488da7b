import { createECDH } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateCredentialsKey } from "../channels/credentials.js";
import { parseEnv } from "../env/common-env.js";
import { webEnvSchema } from "../env/service-env.js";
import { generateSigningKey } from "../envelope/keys.js";
import { generateVapidPrivateKey, vapidKeysOf, vapidPrivateKeySchema } from "./vapid-key.js";

const webEnv = {
  SESSION_SECRET: "s".repeat(40),
  CREDENTIALS_KEY: generateCredentialsKey(),
  WEB_SIGNING_KEY: generateSigningKey("web", "web-test").signingKey,
};

describe("the Web Push key (WEB_PUSH_VAPID_PRIVATE_KEY)", () => {
  it("given a generated key, then its public half is the P-256 point the browser subscribes with", () => {
    const privateKey = generateVapidPrivateKey();
    expect(Buffer.from(privateKey, "base64url")).toHaveLength(32);
    const keys = vapidKeysOf(privateKey);
    const ecdh = createECDH("prime256v1");
    ecdh.setPrivateKey(Buffer.from(privateKey, "base64url"));
    expect(keys).toEqual({ privateKey, publicKey: ecdh.getPublicKey().toString("base64url") });
    expect(Buffer.from(keys.publicKey, "base64url")).toHaveLength(65);
  });

  it.each([
    ["too short", Buffer.alloc(16, 7).toString("base64url")],
    ["not base64url", "!".repeat(43)],
    ["zero, not a private key", Buffer.alloc(32).toString("base64url")],
    ["the curve's order, not a private key", "_____wAAAAD__________7zm-q2nF56E87nKwvxjJVE"],
  ])("given a key %s, then the env is refused, naming the variable", (_what, value) => {
    expect(vapidPrivateKeySchema.safeParse(value).success).toBe(false);
    expect(() => parseEnv(webEnvSchema, { ...webEnv, WEB_PUSH_VAPID_PRIVATE_KEY: value })).toThrow(
      /WEB_PUSH_VAPID_PRIVATE_KEY: WEB_PUSH_VAPID_PRIVATE_KEY must be a P-256 private key/,
    );
  });

  it("given no key, then pushes are off and the rest of the env still parses", () => {
    const env = parseEnv(webEnvSchema, { ...webEnv, WEB_PUSH_VAPID_PRIVATE_KEY: "" });
    expect(env.WEB_PUSH_VAPID_PRIVATE_KEY).toBeUndefined();
    expect(env.WEB_PUSH_SUBJECT).toBe("mailto:push@cloudpa.invalid");
  });
});
