import { randomUUID } from "node:crypto";
import { generateMediaUrlKey, mediaUrlKeySchema, signMediaPath } from "@cloudpa/contracts";
import { MediaStore } from "@cloudpa/kit";
import { testbed } from "@cloudpa/testkit";
import { beforeAll, describe, expect, it } from "vitest";
import { type Ingress, startIngress } from "../test/ingress-harness.js";

// The signed media URLs the ingress serves to Twilio (decision 021): only the named object
// answers, with its content type, until the URL expires; everything else is the same 404.
describe("media URLs at the ingress", () => {
  const bed = testbed({ database: false });
  const keyText = generateMediaUrlKey();
  const key = mediaUrlKeySchema.parse(keyText);
  const orgId = randomUUID();
  const photo = { mediaId: randomUUID(), contentType: "image/png", size: 0, name: "work photo.png" };
  const quote = { mediaId: randomUUID(), contentType: "application/pdf", size: 0, name: "quote.pdf" };
  const photoBytes = new Uint8Array(300_000).map((_, i) => i % 251);
  const later = () => new Date(Date.now() + 3_600_000);
  let ingress: Ingress;

  beforeAll(async () => {
    ingress = bed.closeAfter(await startIngress(bed.nats, { MEDIA_URL_KEY: keyText }));
    const store = await MediaStore.open(bed.nats.nc, bed.nats.names);
    await store.put(orgId, photo, photoBytes);
    await store.put(orgId, quote, new TextEncoder().encode("%PDF-1.4 quote"));
  });

  const get = (path: string, method = "GET") => fetch(`${ingress.baseUrl}${path}`, { method });

  it("serves the signed object with its content type and size, HEAD too", async () => {
    const path = signMediaPath(key, { orgId, mediaId: photo.mediaId }, later());
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/png");
    expect(response.headers.get("content-disposition")).toBe('inline; filename="work_photo.png"');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(photoBytes);
    const head = await get(path, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(photoBytes.length));
  });

  it("answers 404 to an expired, tampered, other object's or unknown URL, and to no signature", async () => {
    const expired = signMediaPath(key, { orgId, mediaId: photo.mediaId }, new Date(Date.now() - 1000));
    const valid = signMediaPath(key, { orgId, mediaId: photo.mediaId }, later());
    const [, , org, media, expires, signature] = valid.split("/");
    const tampered = `/media/${org}/${media}/${Number(expires) + 1}/${signature}`;
    const otherObject = `/media/${org}/${quote.mediaId}/${expires}/${signature}`;
    const otherOrg = signMediaPath(key, { orgId: randomUUID(), mediaId: photo.mediaId }, later());
    const unknown = signMediaPath(key, { orgId, mediaId: randomUUID() }, later());
    const otherKey = signMediaPath(
      mediaUrlKeySchema.parse(generateMediaUrlKey()),
      { orgId, mediaId: photo.mediaId },
      later(),
    );
    for (const path of [
      expired,
      tampered,
      otherObject,
      otherOrg,
      unknown,
      otherKey,
      `/media/${org}/${media}`,
      "/media/",
    ]) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(await response.text()).toBe("Not found");
    }
  });

  it("serves nothing without MEDIA_URL_KEY", async () => {
    const bare = bed.closeAfter(await startIngress(bed.nats));
    const path = signMediaPath(key, { orgId, mediaId: quote.mediaId }, later());
    expect((await fetch(`${bare.baseUrl}${path}`)).status).toBe(404);
    expect((await get(path)).status).toBe(200);
  });
});
