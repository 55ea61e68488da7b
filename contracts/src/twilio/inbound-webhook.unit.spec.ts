import { describe, expect, it } from "vitest";
import {
  buttonFromWebhook,
  extraParamsOf,
  firstValuesOf,
  listReplyFromWebhook,
  locationFromWebhook,
  mediaFromWebhook,
  twilioInboundWebhookSchema,
} from "./inbound-webhook.js";
import {
  businessScopedUser,
  buttonReply,
  imageWithoutBody,
  listReply,
  location,
  quotedReply,
  textWithEmoji,
} from "./samples/inbound-samples.js";

describe("Twilio WhatsApp inbound webhook", () => {
  it("parses a text message with emoji in the body and the profile name", () => {
    const params = twilioInboundWebhookSchema.parse(textWithEmoji);
    expect(params.Body).toBe("Hi! Can you fix my sink tomorrow? 🚰👍");
    expect(params.ProfileName).toBe("Zoë 🌻");
    expect(mediaFromWebhook(params)).toEqual([]);
  });

  it("keeps params it does not model instead of rejecting them", () => {
    const params = twilioInboundWebhookSchema.parse({ ...textWithEmoji, BrandNewParam: "x" });
    expect(params.BrandNewParam).toBe("x");
    expect(extraParamsOf(params)).toMatchObject({
      BrandNewParam: "x",
      SmsStatus: "received",
      ApiVersion: "2010-04-01",
    });
    expect(extraParamsOf(params)).not.toHaveProperty("Body");
  });

  it("reads an image message with an empty body as a message with media", () => {
    const params = twilioInboundWebhookSchema.parse(imageWithoutBody);
    expect(params.Body).toBe("");
    expect(mediaFromWebhook(params)).toEqual([{ url: imageWithoutBody.MediaUrl0, contentType: "image/jpeg" }]);
  });

  it("reads a location message", () => {
    const params = twilioInboundWebhookSchema.parse(location);
    expect(locationFromWebhook(params)).toEqual({
      latitude: 51.5033635,
      longitude: -0.1276248,
      address: "10 Downing Street, London",
      label: "Office",
    });
  });

  it("reads a quick-reply button with the message it answers", () => {
    const params = twilioInboundWebhookSchema.parse(buttonReply);
    expect(buttonFromWebhook(params)).toEqual({ text: "Yes, book it", payload: "confirm_booking" });
    expect(params.OriginalRepliedMessageSid).toBe(buttonReply.OriginalRepliedMessageSid);
  });

  it("accepts a sender known only by a business-scoped user id", () => {
    const params = twilioInboundWebhookSchema.parse(businessScopedUser);
    expect(params.From).toBe("whatsapp:US.13491208655302741918");
  });

  it("never trusts NumMedia beyond the media Twilio can send", () => {
    const params = twilioInboundWebhookSchema.parse({ ...imageWithoutBody, NumMedia: "999999" });
    expect(mediaFromWebhook(params)).toHaveLength(1);
  });

  it("names the param that is missing or malformed", () => {
    const { MessageSid: _, ...withoutSid } = textWithEmoji;
    const missing = twilioInboundWebhookSchema.safeParse(withoutSid);
    expect(missing.success).toBe(false);
    expect(missing.error?.issues[0]?.path).toEqual(["MessageSid"]);
    const badFrom = twilioInboundWebhookSchema.safeParse({ ...textWithEmoji, From: "+447700900123" });
    expect(badFrom.error?.issues[0]?.path).toEqual(["From"]);
  });

  it("reads a list reply and the sender of the message replied to", () => {
    const params = twilioInboundWebhookSchema.parse(listReply);
    expect(listReplyFromWebhook(params)).toEqual({
      id: "slot_tue_am",
      title: "Tuesday morning",
      description: "8:00 to 12:00",
    });
    expect(twilioInboundWebhookSchema.parse(quotedReply).OriginalRepliedMessageSender).toBe("whatsapp:+447700900123");
    expect(extraParamsOf(params)).not.toHaveProperty("ListId");
  });

  it("keeps every value of a repeated param: the first one is read, all are kept", () => {
    const form = { ...textWithEmoji, Body: ["first", "second"], Custom: ["a", "b", "a"] };
    const params = twilioInboundWebhookSchema.parse(firstValuesOf(form));
    expect(params.Body).toBe("first");
    expect(extraParamsOf(form)).toMatchObject({ Body: ["first", "second"], Custom: ["a", "b", "a"] });
  });

  it("still refuses a repeated param that names the message", () => {
    const form = { ...textWithEmoji, From: [textWithEmoji.From, "whatsapp:+15550000000"] };
    const parsed = twilioInboundWebhookSchema.safeParse(firstValuesOf(form));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["From"]);
    expect(extraParamsOf(form)).not.toHaveProperty("From");
  });
});
