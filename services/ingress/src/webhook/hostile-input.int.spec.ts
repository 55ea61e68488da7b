import { twilioSignature, webhookPaths } from "@cloudpa/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ENV_TOKEN,
  eventCount,
  type Ingress,
  inboundParams,
  ingressTestbed,
  postWebhook,
  storedEvents,
} from "../test/ingress-harness.js";

const signedUrl = `http://localhost:3001${webhookPaths().inbound}`;

/** Sends raw bytes as a webhook body, signed over what the ingress will decode from them. */
function signedRaw(ingress: Ingress, raw: Buffer | string, contentType = "application/x-www-form-urlencoded") {
  const decoded: Record<string, string[]> = Object.create(null);
  for (const [name, value] of new URLSearchParams(Buffer.from(raw).toString("utf8"))) {
    decoded[name] = [...(decoded[name] ?? []), value];
  }
  return fetch(`${ingress.baseUrl}${webhookPaths().inbound}`, {
    method: "POST",
    headers: { "content-type": contentType, "x-twilio-signature": twilioSignature(ENV_TOKEN, signedUrl, decoded) },
    body: raw,
  });
}

describe("bad and hostile webhook input", () => {
  const bed = ingressTestbed();

  async function expectRefused(send: () => Promise<Response>, status: number, mentions?: RegExp) {
    const { nats } = bed;
    const before = await eventCount(nats);
    const response = await send();
    const text = await response.text();
    expect(response.status, text).toBe(status);
    if (mentions) expect(text).toMatch(mentions);
    expect(await eventCount(nats)).toBe(before);
  }

  for (const contentType of ["application/json", "text/plain", "multipart/form-data; boundary=x", "text/xml"]) {
    it(`answers 415 and appends nothing for a ${contentType} body`, async () => {
      const { ingress } = bed;
      await expectRefused(() => postWebhook(ingress, inboundParams(), { contentType }), 415);
    });
  }

  it("answers 415 for a webhook without a content type and without a body", async () => {
    const { ingress } = bed;
    await expectRefused(
      () =>
        fetch(`${ingress.baseUrl}${webhookPaths().inbound}`, {
          method: "POST",
          headers: { "x-twilio-signature": twilioSignature(ENV_TOKEN, signedUrl, {}) },
        }),
      415,
    );
  });

  it("accepts the form content type with a charset parameter, as Twilio may send it", async () => {
    const { ingress } = bed;
    const response = await postWebhook(ingress, inboundParams(), {
      contentType: "application/x-www-form-urlencoded; charset=UTF-8",
    });
    expect(response.status).toBe(200);
  });

  it("answers 413 for an oversized body sent in chunks without a Content-Length", async () => {
    const { ingress } = bed;
    const params = inboundParams({ Body: "c".repeat(80 * 1024) });
    const body = new URLSearchParams(params).toString();
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < body.length; at += 8192) controller.enqueue(Buffer.from(body.slice(at, at + 8192)));
        controller.close();
      },
    });
    await expectRefused(
      () =>
        fetch(`${ingress.baseUrl}${webhookPaths().inbound}`, {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            "x-twilio-signature": twilioSignature(ENV_TOKEN, signedUrl, params),
          },
          body: chunks,
          duplex: "half",
        } as RequestInit),
      413,
    );
  });

  it("never answers 5xx to a compressed or mislabelled body", async () => {
    const { nats, ingress } = bed;
    for (const headers of [
      { "content-type": "application/x-www-form-urlencoded", "content-encoding": "gzip" },
      { "content-type": "application/x-www-form-urlencoded", "content-encoding": "br, gzip" },
      { "content-type": 'application/x-www-form-urlencoded;;;charset="' },
      { "content-type": "Application/X-WWW-Form-Urlencoded" },
    ]) {
      const before = await eventCount(nats);
      const response = await fetch(`${ingress.baseUrl}${webhookPaths().inbound}`, {
        method: "POST",
        headers,
        body: "Body=x&To=whatsapp%3A%2B14155238886",
      });
      expect(response.status, JSON.stringify(headers)).toBeGreaterThanOrEqual(400);
      expect(response.status, JSON.stringify(headers)).toBeLessThan(500);
      expect(await eventCount(nats)).toBe(before);
    }
  });

  it("answers 413 and appends nothing for a body over 64 KiB", async () => {
    const { ingress } = bed;
    const params = inboundParams({ Body: "x".repeat(64 * 1024) });
    await expectRefused(() => postWebhook(ingress, params), 413);
  });

  it("accepts a signed body just under 64 KiB", async () => {
    const { ingress } = bed;
    const params = inboundParams({ Body: "" });
    const room = 64 * 1024 - new URLSearchParams(params).toString().length - 10;
    params.Body = "y".repeat(room);
    expect((await postWebhook(ingress, params)).status).toBe(200);
  });

  for (const param of ["MessageSid", "AccountSid", "From", "To"]) {
    it(`answers 400 naming ${param} when a signed webhook lacks it, and appends nothing`, async () => {
      const { ingress } = bed;
      const params = inboundParams();
      delete params[param];
      await expectRefused(() => postWebhook(ingress, params), 400, new RegExp(`${param} is missing`));
    });
  }

  it("answers 400 naming MessageSid when it is not a Twilio SID", async () => {
    const { ingress } = bed;
    await expectRefused(
      () => postWebhook(ingress, inboundParams({ MessageSid: "SM<script>" })),
      400,
      /MessageSid is invalid/,
    );
  });

  it("answers 400 naming NumMedia when it is huge, and never echoes the value", async () => {
    const { ingress } = bed;
    const response = await postWebhook(ingress, inboundParams({ NumMedia: "9".repeat(400) }));
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toMatch(/NumMedia/);
    expect(text).not.toContain("9999999");
  });

  it("caps a large but well-formed NumMedia at what Twilio can send", async () => {
    const { nats, ingress } = bed;
    const params = inboundParams({
      NumMedia: "999999",
      MediaUrl0: "https://x.example/m0",
      MediaContentType0: "image/png",
    });
    expect((await postWebhook(ingress, params)).status).toBe(200);
    const stored = (await storedEvents(nats, ingress.keys)).find(
      (s) => s.event.type === "InboundMessageReceived" && s.event.messageSid === params.MessageSid,
    );
    expect(stored?.event).toMatchObject({ media: [{ url: "https://x.example/m0", contentType: "image/png" }] });
  });

  it("answers 400 when MessageSid is sent twice, even correctly signed", async () => {
    const { ingress } = bed;
    const params = inboundParams();
    const raw = `${new URLSearchParams(params).toString()}&MessageSid=${params.MessageSid?.replace("SM", "MM")}`;
    await expectRefused(() => signedRaw(ingress, raw), 400, /MessageSid was sent more than once/);
  });

  it("answers 400 when To is sent twice", async () => {
    const { ingress } = bed;
    const raw = `${new URLSearchParams(inboundParams()).toString()}&To=whatsapp%3A%2B1999`;
    await expectRefused(() => signedRaw(ingress, raw), 400, /To was sent more than once/);
  });

  it("keeps a signed body with unicode, plus signs, ampersands and percent signs exactly", async () => {
    const { nats, ingress } = bed;
    const body = "Grüße 👋 1+1=2 & 100% done?=&%";
    const params = inboundParams({ Body: body });
    expect((await postWebhook(ingress, params)).status).toBe(200);
    const stored = (await storedEvents(nats, ingress.keys)).find(
      (s) => s.event.type === "InboundMessageReceived" && s.event.messageSid === params.MessageSid,
    );
    expect(stored?.event).toMatchObject({ body });
  });

  const hostileBodies: [string, Buffer | string][] = [
    [
      "invalid UTF-8 bytes",
      Buffer.concat([
        Buffer.from("Body="),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
        Buffer.from("&To=whatsapp%3A%2B14155238886"),
      ]),
    ],
    ["invalid percent escapes", "Body=%ZZ%&To=whatsapp%3A%2B14155238886&MessageSid=%E0%A4%A"],
    ["an escaped invalid UTF-8 sequence", "Body=%C3%28%FF&To=whatsapp%3A%2B14155238886"],
    ["bracketed and dotted param names", "a[b][c]=1&a.b.c=2&To[]=whatsapp:+14155238886&To=whatsapp%3A%2B14155238886"],
    ["prototype-polluting names", "__proto__=x&constructor=y&__proto__[polluted]=1&To=whatsapp%3A%2B14155238886"],
    ["empty names and values", "=&&=x&To=whatsapp%3A%2B14155238886&&&"],
    ["a NUL and control characters", "Body=%00%01%1B&To=whatsapp%3A%2B14155238886%00"],
    ["a deep nesting of brackets", `${"a[".repeat(5000)}=1&To=whatsapp%3A%2B14155238886`],
    [
      "thousands of params",
      `${Array.from({ length: 5000 }, (_, i) => `p${i}=${i}`).join("&")}&To=whatsapp%3A%2B14155238886`,
    ],
    ["a To that is an array of thousands", `${"To=whatsapp%3A%2B14155238886&".repeat(3000)}`],
    ["a lone surrogate escape", "Body=%ED%A0%80&To=whatsapp%3A%2B14155238886"],
  ];
  for (const [what, raw] of hostileBodies) {
    it(`never answers 5xx and appends nothing for ${what}`, async () => {
      const { nats, ingress } = bed;
      const before = await eventCount(nats);
      for (const send of [
        () => signedRaw(ingress, raw),
        () =>
          fetch(`${ingress.baseUrl}${webhookPaths().inbound}`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "bogus" },
            body: raw,
          }),
      ]) {
        const response = await send();
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
      }
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(await eventCount(nats)).toBe(before);
    });
  }

  it("answers 403, not 500, to an unparseable signature header of any length", async () => {
    const { ingress } = bed;
    await expectRefused(() => postWebhook(ingress, inboundParams(), { signature: "=".repeat(10_000) }), 403);
  });
});

describe("property: over HTTP", () => {
  const bed = ingressTestbed();

  const extraParams = fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 30 }), {
    maxKeys: 5,
  });

  it("never accepts a webhook whose signature is not the channel's for exactly these params and this URL", async () => {
    const { nats, ingress } = bed;
    const before = await eventCount(nats);
    await fc.assert(
      fc.asyncProperty(
        extraParams,
        fc.oneof(
          fc.record({ kind: fc.constant("token" as const), token: fc.string({ maxLength: 20 }) }),
          fc.record({ kind: fc.constant("url" as const), suffix: fc.string({ minLength: 1, maxLength: 10 }) }),
          fc.record({ kind: fc.constant("param" as const), name: fc.constantFrom("Body", "From", "MessageSid") }),
          fc.record({ kind: fc.constant("random" as const), signature: fc.base64String({ maxLength: 40 }) }),
        ),
        async (extra, forgery) => {
          const params = { ...inboundParams(), ...extra };
          let signature: string;
          if (forgery.kind === "token") {
            fc.pre(forgery.token !== ENV_TOKEN);
            signature = twilioSignature(forgery.token, signedUrl, params);
          } else if (forgery.kind === "url") {
            signature = twilioSignature(ENV_TOKEN, `${signedUrl}${forgery.suffix}`, params);
          } else if (forgery.kind === "param") {
            signature = twilioSignature(ENV_TOKEN, signedUrl, {
              ...params,
              [forgery.name]: `${params[forgery.name]}x`,
            });
          } else {
            signature = forgery.signature;
          }
          const response = await postWebhook(ingress, params, { signature });
          expect(response.status).toBe(403);
        },
      ),
      { numRuns: 60 },
    );
    expect(await eventCount(nats)).toBe(before);
  });

  it("never answers 5xx to random form bodies, signed or not", async () => {
    const { ingress } = bed;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 40 })), { maxLength: 8 }),
        fc.boolean(),
        async (pairs, sign) => {
          const params = { ...inboundParams(), ...Object.fromEntries(pairs) };
          const response = await postWebhook(ingress, params, sign ? {} : { signature: "x" });
          expect(response.status).toBeLessThan(500);
          if (!sign) expect(response.status).not.toBe(200);
        },
      ),
      { numRuns: 60 },
    );
  });
});
