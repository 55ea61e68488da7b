// The Secret template is what an operator copies: its keyring must let each producer's key sign
// exactly what that producer signs (PRODUCER_TYPES), or the deployment quarantines those events.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PRODUCER_TYPES, type Producer } from "@cloudpa/contracts";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";

const templatePath = join(import.meta.dirname, "..", "k8s", "secrets.example.yaml");

describe("deploy/k8s/secrets.example.yaml", () => {
  it("documents an EVENT_PUBLIC_KEYS entry per producer, trusted for exactly what it signs", () => {
    const [secret] = parseAllDocuments(readFileSync(templatePath, "utf8")).map((document) => document.toJS());
    const keyring = JSON.parse(secret.stringData.EVENT_PUBLIC_KEYS) as Record<string, { types: string[] }>;
    const producerOf = (keyId: string) => keyId.slice(0, keyId.indexOf("-")) as Producer;
    expect(Object.keys(keyring).map(producerOf).sort()).toEqual(Object.keys(PRODUCER_TYPES).sort());
    for (const [keyId, entry] of Object.entries(keyring)) {
      expect(entry.types, keyId).toEqual([...PRODUCER_TYPES[producerOf(keyId)]]);
    }
    expect(keyring["web-1"]?.types).toContain("ContactErased");
  });
});
