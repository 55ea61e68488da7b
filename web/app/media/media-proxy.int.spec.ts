import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { twilioMediaRedirect, twilioMediaUrl } from "./media-hosts.server.ts";
import { fetchTwilioMedia } from "./media-proxy.server.ts";

const credentials = { accountSid: `AC${"1".repeat(32)}`, authToken: "secret-auth-token-0123456789" };
const otherAccount = `AC${"2".repeat(32)}`;
const mediaPath = (accountSid = credentials.accountSid) =>
  `/2010-04-01/Accounts/${accountSid}/Messages/MM${"a".repeat(32)}/Media/ME${"b".repeat(32)}`;

interface Recorder {
  server: Server;
  url: string;
  requests: { path: string; headers: IncomingHttpHeaders }[];
}

/** A server that records what it was sent; `redirect(path)` makes it answer 302 to where it says. */
async function recorder(redirect?: (path: string) => string | undefined): Promise<Recorder> {
  const requests: Recorder["requests"] = [];
  const server = createServer((request, response) => {
    requests.push({ path: request.url ?? "", headers: request.headers });
    const location = redirect?.(request.url ?? "");
    if (location) {
      response.writeHead(302, { location }).end();
      return;
    }
    response.writeHead(200, { "content-type": "image/png" }).end("png-bytes");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

// `twilio` plays api.twilio.com and its CDN (TWILIO_API_BASE_URL); `elsewhere` is any other local server.
let elsewhere: Recorder;
let twilio: Recorder;
let redirectTo: string;
beforeAll(async () => {
  elsewhere = await recorder();
  twilio = await recorder((path) => (path.startsWith("/2010-04-01/") ? redirectTo : undefined));
});
afterAll(async () => {
  for (const r of [elsewhere, twilio]) await new Promise((resolve) => r?.server.close(resolve));
});

describe("which media URLs are fetched", () => {
  it("takes only the Media resource of the channel's own account on Twilio's API origin", () => {
    const real = `https://api.twilio.com${mediaPath()}`;
    expect(twilioMediaUrl(real, credentials.accountSid, undefined)?.href).toBe(real);
    expect(twilioMediaUrl(`https://api.twilio.com${mediaPath(otherAccount)}`, credentials.accountSid, undefined)).toBe(
      undefined,
    );
    for (const forged of [
      `http://api.twilio.com${mediaPath()}`,
      `https://api.twilio.com:8443${mediaPath()}`,
      `https://user:pw@api.twilio.com${mediaPath()}`,
      `https://api.twilio.com.evil.example${mediaPath()}`,
      `https://api.twilio.com${mediaPath()}.json`,
      `https://api.twilio.com${mediaPath()}?x=1`,
      `https://api.twilio.com/2010-04-01/Accounts/${credentials.accountSid}/Messages.json`,
      `https://mms.twiliocdn.com${mediaPath()}`,
      "not a url",
    ])
      expect(twilioMediaUrl(forged, credentials.accountSid, undefined), forged).toBeUndefined();
  });

  it("on a local Twilio (the simulator) takes its Media path and none of its other pages", () => {
    const sim = "http://127.0.0.1:3002";
    expect(twilioMediaUrl(`${sim}${mediaPath()}`, credentials.accountSid, sim)?.href).toBe(`${sim}${mediaPath()}`);
    expect(twilioMediaUrl(`https://api.twilio.com${mediaPath()}`, credentials.accountSid, sim)?.href).toBe(
      `${sim}${mediaPath()}`,
    );
    for (const path of ["/sim/conversations", "/sim/api/sent", "/phone", `/x${mediaPath()}`])
      expect(twilioMediaUrl(`${sim}${path}`, credentials.accountSid, sim), path).toBeUndefined();
    expect(twilioMediaUrl(`http://127.0.0.1:4000${mediaPath()}`, credentials.accountSid, sim)).toBeUndefined();
  });

  it("follows a redirect only to Twilio's media CDN", () => {
    const from = new URL(`https://api.twilio.com${mediaPath()}`);
    for (const cdn of [
      "https://mms.twiliocdn.com/AC1/abc?Expires=1&Signature=x",
      "https://media.twiliocdn.com/AC1/abc",
      "https://s3-external-1.amazonaws.com/media.twiliocdn.com/AC1/abc",
    ])
      expect(twilioMediaRedirect(cdn, from, undefined)?.href, cdn).toBe(cdn);
    for (const off of [
      "http://127.0.0.1:3002/sim/conversations",
      "http://localhost/",
      "https://169.254.169.254/latest/meta-data/",
      "http://mms.twiliocdn.com/x",
      "https://mms.twiliocdn.com:8443/x",
      "https://s3-external-1.amazonaws.com/another-bucket/x",
      "https://evil.example/mms.twiliocdn.com",
      "/sim/conversations",
    ])
      expect(twilioMediaRedirect(off, from, undefined), off).toBeUndefined();
  });
});

describe("fetching media", () => {
  it("never contacts a forged MediaUrl that points elsewhere, so it collects no credentials", async () => {
    const before = elsewhere.requests.length;
    expect(await fetchTwilioMedia(`${elsewhere.url}${mediaPath()}`, credentials, twilio.url)).toBeUndefined();
    expect(elsewhere.requests.length).toBe(before);
  });

  it("never fetches another path of the Twilio origin (the simulator's control pages)", async () => {
    const before = twilio.requests.length;
    expect(await fetchTwilioMedia(`${twilio.url}/sim/conversations`, credentials, twilio.url)).toBeUndefined();
    expect(twilio.requests.length).toBe(before);
  });

  it("sends credentials to Twilio's Media resource and follows its redirect to the CDN without them", async () => {
    redirectTo = "https://mms.twiliocdn.com/signed-cdn-url?Expires=1";
    const response = await fetchTwilioMedia(`${twilio.url}${mediaPath()}`, credentials, twilio.url);
    expect(response?.status).toBe(200);
    expect(await response?.text()).toBe("png-bytes");
    const [api, cdn] = twilio.requests.slice(-2);
    const expected = `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString("base64")}`;
    expect(api?.headers.authorization).toBe(expected);
    expect(cdn?.path).toBe("/signed-cdn-url?Expires=1");
    expect(cdn?.headers.authorization).toBeUndefined();
  });

  it("never follows a redirect from Twilio to a loopback address", async () => {
    redirectTo = `${elsewhere.url}/internal`;
    const before = elsewhere.requests.length;
    expect(await fetchTwilioMedia(`${twilio.url}${mediaPath()}`, credentials, twilio.url)).toBeUndefined();
    expect(elsewhere.requests.length).toBe(before);
  });
});
