import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mayCarryTwilioCredentials } from "./media-hosts.ts";
import { fetchTwilioMedia } from "./media-proxy.server.ts";

const credentials = { accountSid: "AC11111111111111111111111111111111", authToken: "secret-auth-token-0123456789" };

interface Recorder {
  server: Server;
  url: string;
  requests: { path: string; headers: IncomingHttpHeaders }[];
}

/** A server that records what it was sent; `redirectTo` makes it answer 302 there. */
async function recorder(redirectTo?: () => string): Promise<Recorder> {
  const requests: Recorder["requests"] = [];
  const server = createServer((request, response) => {
    requests.push({ path: request.url ?? "", headers: request.headers });
    if (redirectTo) {
      response.writeHead(302, { location: redirectTo() }).end();
      return;
    }
    response.writeHead(200, { "content-type": "image/png" }).end("png-bytes");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

let elsewhere: Recorder;
let twilio: Recorder;
beforeAll(async () => {
  elsewhere = await recorder();
  twilio = await recorder(() => `${elsewhere.url}/signed-cdn-url`);
});
afterAll(async () => {
  for (const r of [elsewhere, twilio]) await new Promise((resolve) => r?.server.close(resolve));
});

describe("which hosts may receive Twilio credentials", () => {
  it("allows Twilio's own media hosts over HTTPS only", () => {
    expect(
      mayCarryTwilioCredentials("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1", undefined),
    ).toBe(true);
    expect(mayCarryTwilioCredentials("https://media.twiliocdn.com/x", undefined)).toBe(true);
    expect(mayCarryTwilioCredentials("https://mms.twiliocdn.com/x", undefined)).toBe(true);
    expect(mayCarryTwilioCredentials("http://api.twilio.com/x", undefined)).toBe(false);
    expect(mayCarryTwilioCredentials("https://api.twilio.com.evil.example/x", undefined)).toBe(false);
    expect(mayCarryTwilioCredentials("https://eviltwiliocdn.com/x", undefined)).toBe(false);
    expect(mayCarryTwilioCredentials("https://api.twilio.com:8443/x", undefined)).toBe(false);
    expect(mayCarryTwilioCredentials("https://user:pw@api.twilio.com/x", undefined)).toBe(false);
    expect(mayCarryTwilioCredentials("not a url", undefined)).toBe(false);
  });

  it("allows the configured TWILIO_API_BASE_URL's origin (the simulator) and no other local port", () => {
    expect(mayCarryTwilioCredentials("http://127.0.0.1:3002/media/1", "http://127.0.0.1:3002")).toBe(true);
    expect(mayCarryTwilioCredentials("http://127.0.0.1:4000/media/1", "http://127.0.0.1:3002")).toBe(false);
  });
});

describe("fetching media", () => {
  it("never contacts a forged MediaUrl that points elsewhere, so it collects no credentials", async () => {
    const before = elsewhere.requests.length;
    const response = await fetchTwilioMedia(`${elsewhere.url}/steal`, credentials, twilio.url);
    expect(response).toBeUndefined();
    expect(elsewhere.requests.length).toBe(before);
  });

  it("sends credentials to Twilio and follows its redirect to the CDN without them", async () => {
    const response = await fetchTwilioMedia(
      `${twilio.url}/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1`,
      credentials,
      twilio.url,
    );
    expect(response?.status).toBe(200);
    expect(await response?.text()).toBe("png-bytes");
    const expected = `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString("base64")}`;
    expect(twilio.requests.at(-1)?.headers.authorization).toBe(expected);
    const cdnRequest = elsewhere.requests.at(-1);
    expect(cdnRequest?.path).toBe("/signed-cdn-url");
    expect(cdnRequest?.headers.authorization).toBeUndefined();
  });
});
