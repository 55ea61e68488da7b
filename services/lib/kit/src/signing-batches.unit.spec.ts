import {
  type ConversationRead,
  DEFAULT_ORG_ID,
  eventIdFor,
  generateSigningKey,
  HEADER_BATCH,
  HEADER_SIGNATURE,
  keyringOf,
  openEvent,
  parseSigningKey,
  VerifiedRoots,
} from "@cloudpa/contracts";
import { describe, expect, it } from "vitest";
import { SigningBatches } from "./signing-batches.js";

const web = generateSigningKey("web", "web-1");
const other = generateSigningKey("web", "web-2");
const keyring = keyringOf({ "web-1": web.publicEntry, "web-2": other.publicEntry });
const key = parseSigningKey(web.signingKey);
const otherKey = parseSigningKey(other.signingKey);

const readOf = (n: number): ConversationRead => ({
  type: "ConversationRead",
  version: 1,
  eventId: eventIdFor("read", String(n)),
  orgId: DEFAULT_ORG_ID,
  occurredAt: "2026-11-25T10:00:00.000Z",
  conversationId: "0b9f1c1e-8f57-5d6b-9a0e-3c1f6b8e2d11",
  readBy: `user-${n}`,
  readAt: "2026-11-25T10:00:00.000Z",
});

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe("signing batches of the append path", () => {
  it("given messages appended with one key in one turn, signs them as one batch, in order, each opening", async () => {
    const batches = new SigningBatches();
    const signed = await Promise.all([0, 1, 2, 3, 4].map((n) => batches.sign(readOf(n), key)));
    expect(signed.map((message) => message.headers[HEADER_BATCH]?.split(" ")[0])).toEqual([
      "0/5",
      "1/5",
      "2/5",
      "3/5",
      "4/5",
    ]);
    expect(new Set(signed.map((message) => message.headers[HEADER_SIGNATURE])).size).toBe(1);
    const roots = new VerifiedRoots();
    const opened = signed.map((message) => {
      const headers: Record<string, string | undefined> = message.headers;
      return openEvent(message.data, (name) => headers[name], keyring, roots);
    });
    expect(opened).toEqual([0, 1, 2, 3, 4].map(readOf));
  });

  it("given one message per turn, signs each on its own, as before batches (no Cloudpa-Batch)", async () => {
    const batches = new SigningBatches();
    const first = await batches.sign(readOf(0), key);
    await turn();
    const second = await batches.sign(readOf(1), key);
    expect([first.headers[HEADER_BATCH], second.headers[HEADER_BATCH]]).toEqual([undefined, undefined]);
  });

  it("when the limit is reached, signs that many at once and starts a new batch", async () => {
    const batches = new SigningBatches(3);
    const signed = await Promise.all([0, 1, 2, 3, 4].map((n) => batches.sign(readOf(n), key)));
    expect(signed.map((message) => message.headers[HEADER_BATCH]?.split(" ")[0])).toEqual([
      "0/3",
      "1/3",
      "2/3",
      "0/2",
      "1/2",
    ]);
  });

  it("keeps the batches of different keys apart", async () => {
    const batches = new SigningBatches();
    const [a, b, c] = await Promise.all([
      batches.sign(readOf(0), key),
      batches.sign(readOf(1), otherKey),
      batches.sign(readOf(2), key),
    ]);
    expect([
      a?.headers[HEADER_BATCH]?.split(" ")[0],
      b?.headers[HEADER_BATCH],
      c?.headers[HEADER_BATCH]?.split(" ")[0],
    ]).toEqual(["0/2", undefined, "1/2"]);
    expect(b?.headers["Cloudpa-Key-Id"]).toBe("web-2");
  });

  it("when a message cannot be encoded, only its own append fails", async () => {
    const batches = new SigningBatches();
    const broken = { ...readOf(1), readBy: 1n } as unknown as ConversationRead;
    const results = await Promise.allSettled([batches.sign(readOf(0), key), batches.sign(broken, key)]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected"]);
  });
});
