import { describe, expect, it } from "vitest";
import { credentialsKeySchema, generateCredentialsKey, openSecret, sealSecret } from "./credentials.js";

describe("sealed credentials", () => {
  const key = credentialsKeySchema.parse(generateCredentialsKey());

  it("opens what it sealed, and the sealed form does not contain the token", () => {
    const sealed = sealSecret("auth-token-123", key, "channel-a");
    expect(sealed).not.toContain("auth-token-123");
    expect(openSecret(sealed, key, "channel-a")).toBe("auth-token-123");
  });

  it("does not open under another channel, another key, or after tampering", () => {
    const sealed = sealSecret("auth-token-123", key, "channel-a");
    expect(() => openSecret(sealed, key, "channel-b")).toThrow();
    expect(() => openSecret(sealed, credentialsKeySchema.parse(generateCredentialsKey()), "channel-a")).toThrow();
    const parts = sealed.split(".");
    parts[3] = Buffer.from("forged").toString("base64url");
    expect(() => openSecret(parts.join("."), key, "channel-a")).toThrow();
  });

  it("refuses a key of the wrong size", () => {
    expect(credentialsKeySchema.safeParse(Buffer.alloc(16).toString("base64")).success).toBe(false);
  });
});
