import { describe, expect, it } from "vitest";
import { deliveredStatus, failedStatus } from "./samples/inbound-samples.js";
import { statusExtraParamsOf, twilioStatusCallbackSchema } from "./status-callback.js";

describe("Twilio status callback", () => {
  it.each([
    "accepted",
    "scheduled",
    "queued",
    "sending",
    "sent",
    "delivered",
    "read",
    "undelivered",
    "failed",
    "canceled",
    "partially_delivered",
  ])("parses the status %s", (status) => {
    const params = twilioStatusCallbackSchema.parse({ ...deliveredStatus, MessageStatus: status, SmsStatus: status });
    expect(params.MessageStatus).toBe(status);
  });

  it("carries Twilio's error code and message on a failure", () => {
    const params = twilioStatusCallbackSchema.parse(failedStatus);
    expect(params.ErrorCode).toBe("63016");
    expect(params.ErrorMessage).toMatch(/outside the allowed window/);
  });

  it("keeps unknown params", () => {
    const params = twilioStatusCallbackSchema.parse({
      ...deliveredStatus,
      EventType: "READ",
      RawDlrDoneDate: "2411251200",
    });
    expect(statusExtraParamsOf(params)).toMatchObject({
      EventType: "READ",
      RawDlrDoneDate: "2411251200",
      ChannelPrefix: "whatsapp",
    });
  });

  it("refuses a status Twilio does not send", () => {
    expect(twilioStatusCallbackSchema.safeParse({ ...deliveredStatus, MessageStatus: "exploded" }).success).toBe(false);
  });
});
