import { describe, expect, it } from "vitest";
import { channelIdFor, conversationIdFor, DEFAULT_ORG_ID, uuidv5 } from "./ids.js";

describe("deterministic ids", () => {
  it("computes RFC 9562 UUIDv5 (the DNS namespace example)", () => {
    expect(uuidv5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe(
      "2ed6657d-e927-568b-95e1-2665a8aea6a2",
    );
  });

  it("gives the same ids in every run, so a replay produces the same rows", () => {
    expect(DEFAULT_ORG_ID).toBe(uuidv5("org:default"));
    const channelId = channelIdFor(DEFAULT_ORG_ID, "whatsapp:+14155238886");
    expect(channelId).toBe(channelIdFor(DEFAULT_ORG_ID, "whatsapp:+14155238886"));
    expect(conversationIdFor(channelId, "whatsapp:+447700900123")).toBe(
      conversationIdFor(channelId, "whatsapp:+447700900123"),
    );
    expect(conversationIdFor(channelId, "whatsapp:+447700900123")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("separates customers and channels", () => {
    const a = channelIdFor(DEFAULT_ORG_ID, "whatsapp:+14155238886");
    const b = channelIdFor(DEFAULT_ORG_ID, "whatsapp:+14155230000");
    expect(conversationIdFor(a, "whatsapp:+447700900123")).not.toBe(conversationIdFor(b, "whatsapp:+447700900123"));
    expect(conversationIdFor(a, "whatsapp:+447700900123")).not.toBe(conversationIdFor(a, "whatsapp:+447700900124"));
  });
});
