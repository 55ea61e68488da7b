import { describe, expect, it } from "vitest";
import { twilioUrlAt } from "./twilio-client.js";

describe("twilioUrlAt", () => {
  const base = "http://127.0.0.1:3002/";

  it("moves every Twilio host to the base, keeping the path and query", () => {
    expect(twilioUrlAt(base, "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?PageSize=1")).toBe(
      "http://127.0.0.1:3002/2010-04-01/Accounts/AC1/Messages.json?PageSize=1",
    );
    expect(twilioUrlAt(base, "https://content.twilio.com/v1/Content/HX1/ApprovalRequests/whatsapp")).toBe(
      "http://127.0.0.1:3002/v1/Content/HX1/ApprovalRequests/whatsapp",
    );
    expect(twilioUrlAt(base, "https://content.twilio.com")).toBe("http://127.0.0.1:3002");
  });

  it("leaves other hosts alone, including look-alikes", () => {
    for (const uri of [
      "https://example.com/v1/Content",
      "https://api.twilio.com.evil.example/v1",
      "http://api.twilio.com/v1",
      "https://eviltwilio.com/v1",
    ])
      expect(twilioUrlAt(base, uri)).toBe(uri);
  });
});
