import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Ajv, type ValidateFunction } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTwilioSim, type TwilioSim } from "./index.js";

/**
 * Every response the simulator answers, checked against the JSON schemas of Twilio's published
 * OpenAPI description (vendored by scripts/vendor-twilio-schemas.mjs, not written by hand), made
 * strict here: each object must have every property Twilio's schema declares and no other.
 */
const fixture = JSON.parse(
  readFileSync(new URL("../test-fixtures/twilio-openapi-schemas.json", import.meta.url), "utf8"),
) as { responses: Record<string, object>; definitions: Record<string, object> };

type Schema = { [key: string]: unknown };
function strict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strict);
  if (node === null || typeof node !== "object") return node;
  const out: Schema = Object.fromEntries(Object.entries(node).map(([key, value]) => [key, strict(value)]));
  // Twilio's `uri-map` format names an object whose values are URIs (subresource_uris, links).
  if (out.format === "uri-map") {
    delete out.format;
    out.additionalProperties = { type: "string", format: "uri" };
  }
  if (out.properties && typeof out.properties === "object" && out.additionalProperties === undefined) {
    out.additionalProperties = false;
    out.required = Object.keys(out.properties);
  }
  return out;
}

/** Twilio's own formats. Its `uri` values include API-relative ones (`/2010-04-01/…`), as its examples show. */
const FORMATS = {
  "date-time-rfc-2822":
    /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/,
  "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  "phone-number": /^(whatsapp:)?\+[1-9]\d{1,14}$/,
  currency: /^[A-Z]{3}$/,
  uri: {
    validate: (value: string) => {
      try {
        new URL(value, "https://api.twilio.com");
        return !/\s/.test(value);
      } catch {
        return false;
      }
    },
  },
};

function validatorFor(ajv: Ajv, key: string): ValidateFunction {
  const schema = fixture.responses[key];
  if (!schema) throw new Error(`no vendored schema for ${key}`);
  return ajv.compile({ ...(strict(schema) as object), definitions: strict(fixture.definitions) });
}

const ACCOUNT = { accountSid: `AC${"f5".repeat(16)}`, authToken: "a6".repeat(16) };
const BUSINESS = "whatsapp:+14155238886";
const ADA = "whatsapp:+447700900041";
const auth = `Basic ${Buffer.from(`${ACCOUNT.accountSid}:${ACCOUNT.authToken}`).toString("base64")}`;
const MESSAGES = `/2010-04-01/Accounts/${ACCOUNT.accountSid}/Messages`;

describe("the simulator's responses against Twilio's published schemas", () => {
  let sim: TwilioSim;
  let files: Server;
  let ajv: Ajv;

  beforeAll(async () => {
    files = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "image/png" });
      response.end(Buffer.from("89504e470d0a1a0a", "hex"));
    });
    await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", () => resolve()));
    sim = await startTwilioSim({
      accounts: [ACCOUNT],
      numbers: [BUSINESS],
      statusDelayMs: 1,
      approvalDelayMs: 0,
      enforceWhatsAppWindow: true,
    });
    ajv = new Ajv({ strict: true, allErrors: true, formats: FORMATS });
  });
  afterAll(async () => {
    await sim.close();
    await new Promise<void>((resolve) => files.close(() => resolve()));
  });

  const call = async (method: string, path: string, body?: URLSearchParams | object) => {
    const response = await fetch(`${sim.url}${path}`, {
      method,
      headers: {
        authorization: auth,
        ...(body instanceof URLSearchParams
          ? { "content-type": "application/x-www-form-urlencoded" }
          : body
            ? { "content-type": "application/json" }
            : {}),
      },
      ...(body ? { body: body instanceof URLSearchParams ? body : JSON.stringify(body) } : {}),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  const expectValid = (key: string, answer: { status: number; json: unknown }) => {
    const validate = validatorFor(ajv, key);
    expect(answer.status, key).toBe(Number(key.split(" ").at(-1)));
    const valid = validate(answer.json);
    expect(validate.errors ?? [], `${key}: ${JSON.stringify(answer.json)}`).toEqual([]);
    expect(valid).toBe(true);
  };

  it("Messages: create (text, template, media, failed outside the window), fetch and list, inbound included", async () => {
    const inbound = await sim.inbound({
      from: ADA,
      profileName: "Ada",
      body: "Hi",
      location: { latitude: 1, longitude: 2 },
    });
    const text = await call(
      "POST",
      `${MESSAGES}.json`,
      new URLSearchParams({ From: BUSINESS, To: ADA, Body: "Hello" }),
    );
    expectValid("POST /2010-04-01/Accounts/{AccountSid}/Messages.json 201", text);
    const templated = await call(
      "POST",
      `${MESSAGES}.json`,
      new URLSearchParams({
        From: BUSINESS,
        To: ADA,
        ContentSid: sim.demoTemplateSid("quote_ready"),
        ContentVariables: JSON.stringify({ "1": "Ada", "2": "a new tap", "3": "£90" }),
        MessagingServiceSid: `MG${"0a".repeat(16)}`,
      }),
    );
    expectValid("POST /2010-04-01/Accounts/{AccountSid}/Messages.json 201", templated);
    const port = (files.address() as AddressInfo).port;
    const form = new URLSearchParams({ From: BUSINESS, To: ADA, Body: "photo" });
    form.append("MediaUrl", `http://127.0.0.1:${port}/photo.png`);
    const withMedia = await call("POST", `${MESSAGES}.json`, form);
    expectValid("POST /2010-04-01/Accounts/{AccountSid}/Messages.json 201", withMedia);
    sim.advanceClock(25 * 3600_000);
    const late = await call("POST", `${MESSAGES}.json`, new URLSearchParams({ From: BUSINESS, To: ADA, Body: "late" }));
    await expect.poll(async () => (await call("GET", `${MESSAGES}/${late.json.sid}.json`)).json.status).toBe("failed");
    await expect
      .poll(async () => (await call("GET", `${MESSAGES}/${withMedia.json.sid}.json`)).json.status)
      .toBe("read");

    for (const sid of [text.json.sid, late.json.sid, inbound.messageSid]) {
      expectValid(
        "GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json 200",
        await call("GET", `${MESSAGES}/${sid}.json`),
      );
    }
    expectValid(
      "GET /2010-04-01/Accounts/{AccountSid}/Messages.json 200",
      await call("GET", `${MESSAGES}.json?PageSize=2`),
    );
    expectValid(
      "GET /2010-04-01/Accounts/{AccountSid}/Messages.json 200",
      await call("GET", `${MESSAGES}.json?To=${encodeURIComponent(ADA)}`),
    );

    const mediaList = await call("GET", `${MESSAGES}/${withMedia.json.sid}/Media.json`);
    expectValid("GET /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media.json 200", mediaList);
    const [first] = mediaList.json.media_list as Array<{ uri: string }>;
    expectValid(
      "GET /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{Sid}.json 200",
      await call("GET", first?.uri as string),
    );
  });

  it("Content API: create, fetch, list, ContentAndApprovals, approval create and fetch", async () => {
    const created = await call("POST", "/v1/Content", {
      friendly_name: "job_done",
      language: "en",
      variables: { "1": "Ada" },
      types: { "twilio/text": { body: "Hi {{1}}, the job is done." } },
    });
    expectValid("POST /v1/Content 201", created);
    expectValid("GET /v1/Content/{Sid} 200", await call("GET", `/v1/Content/${created.json.sid}`));
    expectValid("GET /v1/Content 200", await call("GET", "/v1/Content?PageSize=2"));
    const approval = await call("POST", `/v1/Content/${created.json.sid}/ApprovalRequests/whatsapp`, {
      name: "job_done",
      category: "UTILITY",
    });
    expectValid("POST /v1/Content/{ContentSid}/ApprovalRequests/whatsapp 201", approval);
    expectValid(
      "GET /v1/Content/{Sid}/ApprovalRequests 200",
      await call("GET", `/v1/Content/${created.json.sid}/ApprovalRequests`),
    );
    expectValid("GET /v1/ContentAndApprovals 200", await call("GET", "/v1/ContentAndApprovals"));
  });

  it("fails on what Twilio's schema does not allow, so a drifting simulator would be caught", () => {
    const validate = validatorFor(ajv, "GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json 200");
    const good = {
      account_sid: ACCOUNT.accountSid,
      api_version: "2010-04-01",
      body: "x",
      date_created: "Wed, 02 Dec 2026 11:00:00 +0000",
      date_sent: null,
      date_updated: "Wed, 02 Dec 2026 11:00:00 +0000",
      direction: "outbound-api",
      error_code: null,
      error_message: null,
      from: BUSINESS,
      messaging_service_sid: null,
      num_media: "0",
      num_segments: "1",
      price: null,
      price_unit: "USD",
      sid: `SM${"0".repeat(32)}`,
      status: "queued",
      subresource_uris: {},
      to: ADA,
      uri: "/x.json",
    };
    expect(validate(good)).toBe(true);
    expect(validate({ ...good, status: "stuck" })).toBe(false);
    expect(validate({ ...good, sid: "SM123" })).toBe(false);
    expect(validate({ ...good, date_created: "2026-12-02T11:00:00Z" })).toBe(false);
    expect(validate({ ...good, invented: true })).toBe(false);
    const { price_unit: _dropped, ...missing } = good;
    expect(validate(missing)).toBe(false);
  });
});
