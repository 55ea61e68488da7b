import { describe, expect, it } from "vitest";
import { TWILIO_RETRY_OVERRIDES, twilioSignature, webhookUrlsFor } from "./signature.js";

describe("Twilio request signature", () => {
  it("matches the example in Twilio's security documentation", () => {
    // https://www.twilio.com/docs/usage/security#validating-requests
    const signature = twilioSignature("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", {
      CallSid: "CA1234567890ABCDE",
      Caller: "+12349013030",
      Digits: "1234",
      From: "+12349013030",
      To: "+18005551212",
    });
    expect(signature).toBe("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
  });

  it("changes when the URL, a param or the token changes", () => {
    const params = { Body: "hi", From: "whatsapp:+1555" };
    const base = twilioSignature("token", "https://a.example/hook", params);
    expect(twilioSignature("token", "https://b.example/hook", params)).not.toBe(base);
    expect(twilioSignature("token", "https://a.example/hook", { ...params, Body: "hi!" })).not.toBe(base);
    expect(twilioSignature("other", "https://a.example/hook", params)).not.toBe(base);
  });

  it("prints webhook URLs that ask Twilio to retry on 5xx and timeouts", () => {
    const urls = webhookUrlsFor("https://inbox.example.com/");
    expect(urls.inbound).toBe(`https://inbox.example.com/api/v1/messaging/webhook/whatsapp${TWILIO_RETRY_OVERRIDES}`);
    expect(urls.status).toContain("/api/v1/messaging/webhook/whatsapp/status#");
    expect(new URL(urls.inbound).hash).toMatch(/rp=all/);
  });
});
