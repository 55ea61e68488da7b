import { describe, expect, it } from "vitest";
import type { SendReply } from "../commands/send-reply.js";
import type { ConversationRead } from "../events/conversation-read.js";
import { DEFAULT_ORG_ID, eventIdFor } from "../ids.js";
import { openCommand, openEvent, signMessage } from "./envelope.js";
import { EnvelopeError, type EnvelopeErrorCode } from "./envelope-error.js";
import { generateSigningKey, HEADER_KEY_ID, HEADER_SIGNATURE, keyringOf, parseSigningKey } from "./keys.js";

const web = generateSigningKey("web", "web-1");
const ingress = generateSigningKey("ingress", "ingress-1");
const keyring = keyringOf({ "web-1": web.publicEntry, "ingress-1": ingress.publicEntry });

const read: ConversationRead = {
  type: "ConversationRead",
  version: 1,
  eventId: eventIdFor("read", "1"),
  orgId: DEFAULT_ORG_ID,
  occurredAt: "2026-11-25T10:00:00.000Z",
  conversationId: "0b9f1c1e-8f57-5d6b-9a0e-3c1f6b8e2d11",
  readBy: "user-1",
  readAt: "2026-11-25T10:00:00.000Z",
};

const lookup = (headers: Record<string, string>) => (name: string) => headers[name];

function codeOf(run: () => unknown): EnvelopeErrorCode | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof EnvelopeError) return error.code;
    throw error;
  }
  return undefined;
}

describe("signed envelope", () => {
  const signed = signMessage(read, parseSigningKey(web.signingKey));

  it("opens a message signed by a key allowed to sign its type", () => {
    expect(openEvent(signed.data, lookup(signed.headers), keyring)).toEqual(read);
  });

  it("refuses a payload with one byte changed", () => {
    const tampered = Uint8Array.from(signed.data);
    tampered[tampered.length - 3] = (tampered[tampered.length - 3] ?? 0) ^ 0x01;
    expect(codeOf(() => openEvent(tampered, lookup(signed.headers), keyring))).toBe("ENVELOPE.BAD_SIGNATURE");
  });

  it("refuses a tampered signature header", () => {
    const signature = Buffer.from(signed.headers[HEADER_SIGNATURE], "base64");
    signature[0] = (signature[0] ?? 0) ^ 0xff;
    const headers = { ...signed.headers, [HEADER_SIGNATURE]: signature.toString("base64") };
    expect(codeOf(() => openEvent(signed.data, lookup(headers), keyring))).toBe("ENVELOPE.BAD_SIGNATURE");
  });

  it("refuses a key id that names another trusted key", () => {
    const headers = { ...signed.headers, [HEADER_KEY_ID]: "ingress-1" };
    expect(codeOf(() => openEvent(signed.data, lookup(headers), keyring))).toBe("ENVELOPE.BAD_SIGNATURE");
  });

  it("refuses a key id nobody trusts", () => {
    const headers = { ...signed.headers, [HEADER_KEY_ID]: "mallory" };
    expect(codeOf(() => openEvent(signed.data, lookup(headers), keyring))).toBe("ENVELOPE.UNKNOWN_KEY");
  });

  it("refuses a message with no signature", () => {
    expect(codeOf(() => openEvent(signed.data, () => undefined, keyring))).toBe("ENVELOPE.UNSIGNED");
    expect(codeOf(() => openEvent(signed.data, () => "", keyring))).toBe("ENVELOPE.UNSIGNED");
  });

  it("refuses a type the signing key may not sign", () => {
    const forged = signMessage(read, parseSigningKey(ingress.signingKey));
    expect(codeOf(() => openEvent(forged.data, lookup(forged.headers), keyring))).toBe("ENVELOPE.NOT_ALLOWED");
  });

  it("refuses a correctly signed payload that breaks the contract", () => {
    const key = parseSigningKey(web.signingKey);
    const broken = signMessage({ ...read, conversationId: "not-a-uuid" } as ConversationRead, key);
    expect(codeOf(() => openEvent(broken.data, lookup(broken.headers), keyring))).toBe("ENVELOPE.BAD_SCHEMA");
  });

  it("keeps working across key rotation: old and new keys both verify", () => {
    const rotated = generateSigningKey("web", "web-2");
    const both = keyringOf({ "web-1": web.publicEntry, "web-2": rotated.publicEntry });
    const fresh = signMessage(read, parseSigningKey(rotated.signingKey));
    expect(openEvent(signed.data, lookup(signed.headers), both)).toEqual(read);
    expect(openEvent(fresh.data, lookup(fresh.headers), both)).toEqual(read);
  });

  it("opens a SendReply command signed by the web", () => {
    const command: SendReply = {
      type: "SendReply",
      version: 1,
      commandId: "4e4b5b8e-2a55-4bd0-8d77-9a2b1a3f1c10",
      orgId: DEFAULT_ORG_ID,
      conversationId: read.conversationId,
      text: "On my way 🚐",
      requestedBy: "user-1",
      requestedAt: "2026-11-25T10:00:00.000Z",
    };
    const sent = signMessage(command, parseSigningKey(web.signingKey));
    expect(openCommand(sent.data, lookup(sent.headers), keyring)).toEqual(command);
  });
});
