import { twilioSignature, webhookPaths } from "@cloudpa/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventsOfType, readEventLog } from "../harness/event-log.js";
import { type FaultScenario, startScenario } from "../harness/fault-scenario.js";
import { readModelMatchesStream, withClient } from "../harness/invariants.js";
import { inboundParams, newMessageSid, postWebhook } from "../harness/twilio-webhook.js";

// Hostile or malformed webhooks against the running ingress: each is refused with a 4xx and leaves
// the stream untouched, or accepted and stored verbatim, exactly once; never a 5xx, never a crash.
describe("hostile webhooks against the running ingress", () => {
  let scenario: FaultScenario;

  beforeAll(async () => {
    scenario = await startScenario({ services: ["ingress", "projector"] });
  }, 180_000);
  afterAll(() => scenario?.stop());

  const post = (params: Record<string, string>, options?: Parameters<typeof postWebhook>[3]) =>
    postWebhook(scenario.ingressUrl, scenario.account.authToken, params, options);
  const params = (overrides: Record<string, string> = {}) => inboundParams(scenario.account.accountSid, overrides);
  const storedWith = async (messageSid: string) =>
    eventsOfType(
      await readEventLog(scenario.nc, scenario.names, scenario.keys.keyring),
      "InboundMessageReceived",
    ).filter((event) => event.messageSid === messageSid);

  it("answers 413 to a body past 64 KiB and stores nothing", async () => {
    const message = params({ Body: "x".repeat(70 * 1024) });
    const answer = await post(message);
    expect(answer.status).toBe(413);
    expect(await storedWith(message.MessageSid as string)).toEqual([]);
  });

  it("answers 415 to a JSON body and stores nothing", async () => {
    const message = params();
    const answer = await post(message, {
      rawBody: JSON.stringify(message),
      headers: { "content-type": "application/json" },
    });
    expect(answer.status).toBe(415);
    expect(await storedWith(message.MessageSid as string)).toEqual([]);
  });

  it.each([
    ["SQL", "Robert'); DROP TABLE readmodel.message; --", "x' OR '1'='1"],
    ["HTML", "<script>alert('body')</script><img src=x onerror=alert(1)>", "<script>alert('name')</script>"],
    ["header injection", "hello\r\nX-Injected: 1\r\n\r\n<html>", "Ada\r\nSet-Cookie: session=stolen"],
    ["odd encodings", "%2525 %00%zz + &amp; \u202Eevil\u200B 🧨 e\u0301", "Zoë \u202E"],
    ["a long body", "é".repeat(1600), "名".repeat(200)],
  ])(
    "stores %s in Body and ProfileName verbatim, once, and answers with no injected header",
    async (_kind, body, profileName) => {
      const message = params({ Body: body, ProfileName: profileName });
      const answer = await fetch(`${scenario.ingressUrl}${webhookPaths().inbound}`, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": twilioSignature(
            scenario.account.authToken,
            `${scenario.ingressUrl}${webhookPaths().inbound}`,
            message,
          ),
        },
        body: new URLSearchParams(message).toString(),
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get("x-injected")).toBeNull();
      expect(answer.headers.get("set-cookie")).toBeNull();
      const stored = await storedWith(message.MessageSid as string);
      expect(stored).toHaveLength(1);
      expect(stored[0]?.body).toBe(body);
      expect(stored[0]?.profileName).toBe(profileName);
    },
  );

  it("never answers 5xx to invalid UTF-8, and stores it at most once as valid text", async () => {
    const messageSid = newMessageSid();
    const message = params({
      MessageSid: messageSid,
      SmsSid: messageSid,
      SmsMessageSid: messageSid,
      Body: "PLACEHOLDER",
    });
    const raw = new URLSearchParams(message).toString().replace("PLACEHOLDER", "%FF%FE%C3%28ok");
    // Signed over the params as a form parser decodes them (invalid bytes become U+FFFD).
    const decoded = Object.fromEntries(new URLSearchParams(raw));
    const answer = await post(message, { rawBody: raw, signedParams: decoded });
    expect(answer.status).toBeLessThan(500);
    const stored = await storedWith(messageSid);
    expect(stored.length).toBeLessThanOrEqual(1);
    if (answer.status === 200) {
      expect(stored).toHaveLength(1);
      expect(stored[0]?.body).toBe(decoded.Body);
      expect(Buffer.from(stored[0]?.body ?? "", "utf8").toString("utf8")).toBe(stored[0]?.body);
    } else expect(stored).toEqual([]);
  });

  it.each([
    ["a huge NumMedia and no media", { NumMedia: "1000000000" }],
    ["a negative NumMedia", { NumMedia: "-1" }],
    ["a NumMedia that is not a number", { NumMedia: "1e309" }],
    [
      "more media than WhatsApp allows",
      Object.fromEntries([
        ["NumMedia", "50"],
        ...Array.from({ length: 50 }, (_, index) => [`MediaUrl${index}`, `https://api.twilio.com/m/${index}.jpg`]),
        ...Array.from({ length: 50 }, (_, index) => [`MediaContentType${index}`, "image/jpeg"]),
      ]),
    ],
  ])("answers %s with a 4xx or stores a bounded media list, never a 5xx", async (_kind, overrides) => {
    const message = params(overrides as Record<string, string>);
    const answer = await post(message);
    expect(answer.status).toBeLessThan(500);
    const stored = await storedWith(message.MessageSid as string);
    if (answer.status === 200) {
      expect(stored).toHaveLength(1);
      expect(stored[0]?.media.length).toBeLessThanOrEqual(10);
    } else expect(stored).toEqual([]);
  });

  it("answers a param repeated 3000 times and a name nested 5000 brackets deep with a 4xx, never a 5xx", async () => {
    const message = params();
    const base = new URLSearchParams(message).toString();
    const repeated = `${base}&${Array.from({ length: 3000 }, () => "Body=again").join("&")}`;
    const nested = `${base}&${"a[".repeat(5000)}x${"]".repeat(5000)}=1&__proto__[polluted]=1&constructor[prototype][polluted]=1`;
    for (const rawBody of [repeated, nested]) {
      const answer = await post(message, { rawBody });
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }
    expect(await storedWith(message.MessageSid as string)).toEqual([]);
    expect(scenario.service("ingress").unexpectedExits()).toEqual([]);
  });

  it("answers 403 and stores nothing for a signature made with another auth token", async () => {
    const message = params();
    const forged = twilioSignature("not-the-token", `${scenario.ingressUrl}${webhookPaths().inbound}`, message);
    expect((await post(message, { signature: forged })).status).toBe(403);
    expect(await storedWith(message.MessageSid as string)).toEqual([]);
  });

  it("answers 403 and stores nothing without a signature, or with a signature for another URL", async () => {
    const message = params();
    expect((await post(message, { signature: "" })).status).toBe(403);
    const elsewhere = twilioSignature(scenario.account.authToken, "https://attacker.example/hook", message);
    expect((await post(message, { signature: elsewhere })).status).toBe(403);
    expect(await storedWith(message.MessageSid as string)).toEqual([]);
  });

  it("answers 403 to a captured signature replayed over another message's params", async () => {
    const original = params({ Body: "pay 10" });
    expect((await post(original)).status).toBe(200);
    const signature = twilioSignature(
      scenario.account.authToken,
      `${scenario.ingressUrl}${webhookPaths().inbound}`,
      original,
    );
    const tampered = { ...original, Body: "pay 10000" };
    expect((await post(tampered, { signature })).status).toBe(403);
    const stored = await storedWith(original.MessageSid as string);
    expect(stored.map((event) => event.body)).toEqual(["pay 10"]);
  });

  it("stores an exactly replayed webhook once (Twilio's retries look the same)", async () => {
    const message = params();
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => post(message)));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await storedWith(message.MessageSid as string)).toHaveLength(1);
  });

  it("keeps serving after all of the above", async () => {
    expect(scenario.service("ingress").unexpectedExits()).toEqual([]);
    const message = params();
    expect((await post(message)).status).toBe(200);
  });

  it("projects all of it verbatim: the read model (bodies and names included) equals the fold of the stream", async () => {
    const log = await readEventLog(scenario.nc, scenario.names, scenario.keys.keyring);
    expect(await readModelMatchesStream(scenario.db.url, log)).toEqual([]);
    const bodies = await withClient(scenario.db.url, async (client) =>
      (await client.query<{ body: string }>("select body from readmodel.message")).rows.map((row) => row.body),
    );
    expect(bodies).toContain("Robert'); DROP TABLE readmodel.message; --");
    expect(bodies).toContain("<script>alert('body')</script><img src=x onerror=alert(1)>");
    expect(scenario.service("projector").unexpectedExits()).toEqual([]);
  });
});
