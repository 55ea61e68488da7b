import { describe, expect, it } from "vitest";
import { webEnvSchema } from "./service-env.js";

describe("the web's env schema", () => {
  const keyring = webEnvSchema.shape.EVENT_PUBLIC_KEYS;

  it("takes an empty EVENT_PUBLIC_KEYS as not set, as compose passes it when the operator gave none", () => {
    expect(keyring.parse("")).toBeUndefined();
    expect(keyring.parse(undefined)).toBeUndefined();
  });

  it("still refuses a keyring that is given but malformed", () => {
    expect(keyring.safeParse("not a keyring").success).toBe(false);
  });
});
