import { channelIdFor, conversationIdFor, eventIdFor, inboundMessageReceivedSchema, uuidv5 } from "@cloudpa/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type FormParams, parseFormBody } from "../form-body.js";
import { inboundMessageFrom } from "./inbound-message.js";

/** Any UTF-16 string, lone surrogates included (fast-check's "binary" unit is too slow here). */
const anyString = (maxLength: number) =>
  fc
    .array(fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0, max: 0xffff })), { maxLength })
    .map((units) => String.fromCharCode(...units));

const orgId = uuidv5("org:unit");
const channel = { orgId, channelId: channelIdFor(orgId, "whatsapp:+14155238886") };
const receivedAt = new Date("2026-03-04T05:06:07.890Z");
const MESSAGE_SID = `SM${"a".repeat(32)}`;
const ACCOUNT_SID = `AC${"b".repeat(32)}`;

function webhook(overrides: Record<string, string | string[] | undefined> = {}): FormParams {
  const params: FormParams = {
    MessageSid: MESSAGE_SID,
    AccountSid: ACCOUNT_SID,
    From: "whatsapp:+15551234567",
    To: "whatsapp:+14155238886",
    Body: "hi",
    NumMedia: "0",
  };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete params[name];
    else params[name] = value;
  }
  return params;
}

describe("inboundMessageFrom (the pure part of receive-inbound)", () => {
  it("derives the event's ids from the channel, the customer and the MessageSid", () => {
    const decision = inboundMessageFrom(webhook(), channel, receivedAt);
    if (!decision.ok) throw new Error(decision.problem.reason);
    expect(decision.event).toEqual({
      type: "InboundMessageReceived",
      version: 1,
      eventId: eventIdFor("in", MESSAGE_SID),
      orgId,
      occurredAt: receivedAt.toISOString(),
      channelId: channel.channelId,
      conversationId: conversationIdFor(channel.channelId, "whatsapp:+15551234567"),
      messageSid: MESSAGE_SID,
      accountSid: ACCOUNT_SID,
      from: "whatsapp:+15551234567",
      to: "whatsapp:+14155238886",
      body: "hi",
      media: [],
      receivedAt: receivedAt.toISOString(),
      extraParams: {},
    });
  });

  it("uses the time of receipt, and keeps Twilio's Timestamp only as sent", () => {
    const decision = inboundMessageFrom(webhook({ Timestamp: "1700000000" }), channel, receivedAt);
    expect(decision.ok && decision.event).toMatchObject({
      receivedAt: receivedAt.toISOString(),
      twilioTimestamp: "1700000000",
    });
  });

  it("records an empty Body with a location as a message", () => {
    const decision = inboundMessageFrom(
      webhook({ Body: "", Latitude: "-33.8", Longitude: "151.2", MessageType: "location" }),
      channel,
      receivedAt,
    );
    expect(decision.ok && decision.event).toMatchObject({
      body: "",
      location: { latitude: -33.8, longitude: 151.2 },
    });
  });

  it("records a message without any Body param", () => {
    const decision = inboundMessageFrom(webhook({ Body: undefined, ButtonPayload: "yes" }), channel, receivedAt);
    expect(decision.ok && decision.event).toMatchObject({ body: "", button: { payload: "yes" } });
  });

  it("keeps the reply context and unknown params", () => {
    const decision = inboundMessageFrom(
      webhook({ OriginalRepliedMessageSid: `SM${"c".repeat(32)}`, NewThing: "v2", SmsStatus: "received" }),
      channel,
      receivedAt,
    );
    expect(decision.ok && decision.event).toMatchObject({
      repliedToMessageSid: `SM${"c".repeat(32)}`,
      extraParams: { NewThing: "v2", SmsStatus: "received" },
    });
  });

  it("records a list reply and who wrote the message it answers", () => {
    const decision = inboundMessageFrom(
      webhook({
        MessageType: "interactive",
        ListId: "slot_1",
        ListTitle: "Monday",
        OriginalRepliedMessageSid: `SM${"c".repeat(32)}`,
        OriginalRepliedMessageSender: "whatsapp:+14155238886",
      }),
      channel,
      receivedAt,
    );
    expect(decision.ok && decision.event).toMatchObject({
      listReply: { id: "slot_1", title: "Monday" },
      repliedToMessageSid: `SM${"c".repeat(32)}`,
      repliedToMessageSender: "whatsapp:+14155238886",
    });
  });

  it("keeps a param sent more than once: the first value is read, every value is kept", () => {
    const decision = inboundMessageFrom(webhook({ Body: ["first", "second"], Extra: ["x", "y"] }), channel, receivedAt);
    expect(decision.ok && decision.event).toMatchObject({
      body: "first",
      extraParams: { Body: ["first", "second"], Extra: ["x", "y"] },
    });
  });

  it.each([
    ["MessageSid", webhook({ MessageSid: undefined }), "param MessageSid is missing"],
    ["From", webhook({ From: "+15551234567" }), "param From is invalid"],
    ["AccountSid", webhook({ AccountSid: [ACCOUNT_SID, ACCOUNT_SID] }), "param AccountSid was sent more than once"],
    ["NumMedia", webhook({ NumMedia: "1e9" }), "param NumMedia is invalid"],
  ])("names %s when it is refused", (param, params, reason) => {
    const decision = inboundMessageFrom(params, channel, receivedAt);
    expect(decision.ok).toBe(false);
    if (!decision.ok) {
      expect(decision.problem.param).toBe(param);
      expect(decision.problem.reason).toContain(reason);
    }
  });

  it("never throws for random params, and what it accepts always parses with the contract", () => {
    const name = fc.oneof(
      fc.constantFrom(
        "MessageSid",
        "AccountSid",
        "From",
        "To",
        "Body",
        "NumMedia",
        "NumSegments",
        "MediaUrl0",
        "MediaContentType0",
        "Latitude",
        "Longitude",
        "ButtonText",
        "ButtonPayload",
        "WaId",
        "ProfileName",
        "Timestamp",
        "OriginalRepliedMessageSid",
        "__proto__",
        "constructor",
      ),
      fc.string(),
    );
    const value = fc.oneof(
      fc.string(),
      fc.constantFrom(MESSAGE_SID, ACCOUNT_SID, "whatsapp:+15551234567", "whatsapp:abc", "3", "999999", "NaN", "1e400"),
      fc.array(fc.string(), { minLength: 2, maxLength: 3 }),
    );
    const params = fc.dictionary(name, value, { maxKeys: 12 }).map((random) => ({ ...webhook(), ...random }));
    fc.assert(
      fc.property(params, (sent) => {
        const decision = inboundMessageFrom(sent, channel, receivedAt);
        if (decision.ok) inboundMessageReceivedSchema.parse(decision.event);
        else expect(decision.problem.reason).toMatch(/^param /);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws for any form body at all", () => {
    fc.assert(
      fc.property(anyString(400), (body) => {
        const decision = inboundMessageFrom(parseFormBody(body), channel, receivedAt);
        if (decision.ok) inboundMessageReceivedSchema.parse(decision.event);
      }),
      { numRuns: 500 },
    );
  });
});
