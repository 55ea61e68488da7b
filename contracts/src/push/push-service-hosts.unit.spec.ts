import { describe, expect, it } from "vitest";
import { DEFAULT_PUSH_SERVICE_HOSTS, isPushServiceEndpoint, pushServiceHostsSchema } from "./push-service-hosts.js";

describe("the push services the web may POST to (WEB_PUSH_SERVICE_HOSTS)", () => {
  it.each([
    "https://fcm.googleapis.com/fcm/send/abc:APA91b",
    "https://updates.push.services.mozilla.com/wpush/v2/gAAAA",
    "https://web.push.apple.com/QGuQyavXutnMH",
    "https://wns2-par02p.notify.windows.com/w/?token=BQYAAA",
  ])("given the browsers' own push services, then %s is accepted", (endpoint) => {
    expect(isPushServiceEndpoint(endpoint, DEFAULT_PUSH_SERVICE_HOSTS)).toBe(true);
  });

  it.each([
    ["an internal service", "https://10.0.0.7/admin"],
    ["localhost", "https://127.0.0.1:9000/x"],
    ["a look-alike host", "https://fcm.googleapis.com.evil.example/x"],
    ["a look-alike suffix", "https://evilpush.apple.com.example/x"],
    ["a host that only ends like one", "https://notpush.apple.co/x"],
    ["plain http", "http://fcm.googleapis.com/fcm/send/x"],
    ["credentials in the URL", "https://user:pw@fcm.googleapis.com/fcm/send/x"],
    ["not a URL", "fcm.googleapis.com/fcm/send"],
  ])("given %s, then the endpoint is refused", (_what, endpoint) => {
    expect(isPushServiceEndpoint(endpoint, DEFAULT_PUSH_SERVICE_HOSTS)).toBe(false);
  });

  it("given the variable unset or empty, then the defaults; given a list, exactly it, lower-cased", () => {
    expect(pushServiceHostsSchema.parse(undefined)).toEqual(DEFAULT_PUSH_SERVICE_HOSTS);
    expect(pushServiceHostsSchema.parse(" ")).toEqual(DEFAULT_PUSH_SERVICE_HOSTS);
    expect(pushServiceHostsSchema.parse("Push.Example.com, 127.0.0.1")).toEqual(["push.example.com", "127.0.0.1"]);
    expect(isPushServiceEndpoint("https://push.example.com/send/1", ["push.example.com"])).toBe(true);
  });

  it("given something that is not a host name, then the env is refused, naming it", () => {
    const result = pushServiceHostsSchema.safeParse("push.example.com,https://evil/");
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('"https://evil/" is not a host name');
  });
});
