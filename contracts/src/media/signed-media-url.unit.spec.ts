import { describe, expect, it } from "vitest";
import { checkSendableMedia, MEDIA_SIZE_LIMITS } from "./media-limits.js";
import { generateMediaUrlKey, mediaUrlKeySchema, signMediaPath, verifyMediaPath } from "./signed-media-url.js";

const key = mediaUrlKeySchema.parse(generateMediaUrlKey());
const ref = { orgId: "2b1c7a52-3a44-4d84-8d84-7a3f1c9b2e01", mediaId: "6f0e9d1c-2b3a-4c5d-8e7f-0a1b2c3d4e5f" };
const other = { ...ref, mediaId: "7f0e9d1c-2b3a-4c5d-8e7f-0a1b2c3d4e5f" };
const now = new Date("2026-12-02T12:00:00Z");
const inAnHour = new Date(now.getTime() + 3_600_000);

describe("signed media paths", () => {
  it("name exactly their object until they expire", () => {
    const path = signMediaPath(key, ref, inAnHour);
    expect(verifyMediaPath(key, path, now)).toEqual(ref);
    expect(verifyMediaPath(key, path, inAnHour)).toBeUndefined();
  });

  it("refuse a tampered expiry, another object's signature and another key", () => {
    const path = signMediaPath(key, ref, inAnHour);
    const [, , org, media, expires, signature] = path.split("/");
    expect(verifyMediaPath(key, `/media/${org}/${media}/${Number(expires) + 60}/${signature}`, now)).toBeUndefined();
    const otherSignature = signMediaPath(key, other, inAnHour).split("/").at(-1);
    expect(verifyMediaPath(key, `/media/${org}/${media}/${expires}/${otherSignature}`, now)).toBeUndefined();
    expect(verifyMediaPath(key, `/media/${org}/${other.mediaId}/${expires}/${signature}`, now)).toBeUndefined();
    const otherKey = mediaUrlKeySchema.parse(generateMediaUrlKey());
    expect(verifyMediaPath(otherKey, path, now)).toBeUndefined();
    expect(verifyMediaPath(key, `${path}/x`, now)).toBeUndefined();
    expect(verifyMediaPath(key, "/media/../../etc", now)).toBeUndefined();
  });
});

describe("sendable media", () => {
  it("takes WhatsApp's types within their kind's limit, naming the limit otherwise", () => {
    expect(checkSendableMedia("image/png", MEDIA_SIZE_LIMITS.image)).toEqual({ ok: true, kind: "image" });
    expect(checkSendableMedia("audio/ogg; codecs=opus", 1000)).toEqual({ ok: true, kind: "audio" });
    const big = checkSendableMedia("image/jpeg", MEDIA_SIZE_LIMITS.image + 1);
    expect(big).toMatchObject({ ok: false, reason: "too_large" });
    expect(!big.ok && big.message).toContain("5 MB");
    expect(checkSendableMedia("application/pdf", 17_000_000)).toMatchObject({ ok: false, reason: "too_large" });
    expect(checkSendableMedia("application/x-msdownload", 10)).toMatchObject({ ok: false, reason: "unsupported_type" });
    expect(checkSendableMedia("image/gif", 10)).toMatchObject({ ok: false, reason: "unsupported_type" });
  });
});
