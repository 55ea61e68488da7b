import {
  type AutoReplySettings,
  autoReplyCommandIdFor,
  DEFAULT_AUTO_REPLY_SETTINGS,
  type InboundMessageReceived,
  type SendReply,
  type WeeklyHours,
} from "@cloudpa/contracts";
import { specification } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { AUTO_REPLY_MAX_AGE_MS, type AutoReplyTrigger, autoReplyDecider } from "./auto-reply.decider.ts";

const orgId = "0b6f3a52-8d7e-4c1a-9f1e-2f5a9d7c4b10";
const conversationId = "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const AWAY = "I'm away until 9 tomorrow.";
const HELLO = "Hello! Thanks for writing.";

/** Berlin, Monday to Friday 9 to 5, away message and greeting on. */
const settings: AutoReplySettings = {
  ...DEFAULT_AUTO_REPLY_SETTINGS,
  timeZone: "Europe/Berlin",
  away: { enabled: true, text: AWAY },
  greeting: { enabled: true, text: HELLO },
};

let sid = 0;
function customerWrote(receivedAt: string): InboundMessageReceived {
  sid += 1;
  return {
    type: "InboundMessageReceived",
    version: 1,
    eventId: `00000000-0000-4000-8000-${String(sid).padStart(12, "0")}`,
    orgId,
    occurredAt: receivedAt,
    channelId: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
    conversationId,
    messageSid: `SM${String(sid).padStart(32, "0")}`,
    accountSid: "AC0123456789abcdef0123456789abcdef",
    from: "whatsapp:+447700900123",
    to: "whatsapp:+14155238886",
    profileName: "Grace",
    body: "Hi",
    media: [],
    receivedAt,
    extraParams: {},
  };
}

/** A customer message read a few seconds after it arrived (the controlled clock), not the conversation's first. */
function message(receivedAt: string, overrides: Partial<AutoReplyTrigger> = {}): AutoReplyTrigger {
  return {
    event: customerWrote(receivedAt),
    settings,
    firstMessage: false,
    now: new Date(Date.parse(receivedAt) + 5_000),
    ...overrides,
  };
}

function away(periodStart: string, requestedAt: string, text = AWAY): SendReply {
  return {
    type: "SendReply",
    version: 1,
    commandId: autoReplyCommandIdFor(orgId, "away", `${conversationId}:${periodStart}`),
    orgId,
    conversationId,
    text,
    requestedBy: "auto-reply:away",
    requestedAt,
  };
}

function greeting(requestedAt: string): SendReply {
  return {
    type: "SendReply",
    version: 1,
    commandId: autoReplyCommandIdFor(orgId, "greeting", conversationId),
    orgId,
    conversationId,
    text: HELLO,
    requestedBy: "auto-reply:greeting",
    requestedAt,
  };
}

const spec = specification(autoReplyDecider);

describe("the away message", () => {
  it("is not sent for a message inside the working hours", () => {
    // Monday 2026-01-05 10:30 in Berlin.
    spec.when(message("2026-01-05T09:30:00Z")).then([]);
  });

  it("answers a message outside the hours once, its id derived from the conversation and the period's start", () => {
    // Monday 18:30 in Berlin: the period began at 17:00 (16:00Z).
    spec.when(message("2026-01-05T17:30:00Z")).then([away("2026-01-05T16:00:00.000Z", "2026-01-05T17:30:00Z")]);
  });

  it("gives a second message of the same period nothing, and a message of the next period its own", () => {
    const first = away("2026-01-05T16:00:00.000Z", "2026-01-05T17:30:00Z");
    spec.given([first]).when(message("2026-01-06T06:00:00Z")).then([]);
    const { decisions } = spec
      .given([first])
      .when(message("2026-01-06T09:00:00Z"), message("2026-01-06T16:00:00Z"), message("2026-01-06T20:00:00Z"));
    // Tuesday 10:00 is inside the hours; Tuesday 17:00 begins a new period; 21:00 is in that one.
    expect(decisions).toEqual([[], [away("2026-01-06T16:00:00.000Z", "2026-01-06T16:00:00Z")], []]);
  });

  it("names the same command for a redelivered or replayed message, so it is issued once", () => {
    const trigger = message("2026-01-10T11:00:00Z");
    const [firstReading] = spec.when(trigger).decision;
    const [replayed] = spec.when({ ...trigger, now: new Date("2026-01-10T11:30:00Z") }).decision;
    expect(replayed).toEqual(firstReading);
    spec.given([firstReading!]).when(trigger).then([]);
  });

  it("keys a weekend as one period, whatever the UTC date", () => {
    const friday = "2026-01-09T16:00:00.000Z";
    const { decisions } = spec.when(
      message("2026-01-10T08:00:00Z"),
      message("2026-01-11T22:59:00Z"),
      // Monday 00:30 in Berlin is still Sunday in UTC.
      message("2026-01-11T23:30:00Z"),
    );
    expect(decisions).toEqual([[away(friday, "2026-01-10T08:00:00Z")], [], []]);
  });

  it("keys a period over the spring change of clocks by its start", () => {
    // Berlin's clocks go forward on Sunday 2026-03-29; Monday 08:30 CEST is 06:30Z, before the 07:00Z start.
    spec.when(message("2026-03-30T06:30:00Z")).then([away("2026-03-27T16:00:00.000Z", "2026-03-30T06:30:00Z")]);
    spec.when(message("2026-03-30T07:00:00Z")).then([]);
  });

  it("is not sent when it is off, or when the org never chose settings", () => {
    spec
      .when(message("2026-01-05T17:30:00Z", { settings: { ...settings, away: { enabled: false, text: AWAY } } }))
      .then([]);
    spec.when(message("2026-01-05T17:30:00Z", { settings: undefined, firstMessage: true })).then([]);
  });

  it("goes as the away template when the message is read after WhatsApp's window closed, and not at all without one", () => {
    const late = { now: new Date("2026-01-06T18:00:00Z") };
    spec.when(message("2026-01-05T17:30:00Z", late)).then([]);
    const template = { contentSid: `HX${"a".repeat(32)}`, variables: {}, text: "Back at 9, talk then." };
    const withTemplate = { ...settings, away: { ...settings.away, template } };
    spec.when(message("2026-01-05T17:30:00Z", { ...late, settings: withTemplate })).then([
      {
        ...away("2026-01-05T16:00:00.000Z", "2026-01-05T17:30:00Z", "Back at 9, talk then."),
        template: { contentSid: template.contentSid, variables: {} },
      },
    ]);
    // Inside the window the template is not needed: the away text goes.
    spec
      .when(message("2026-01-05T17:30:00Z", { settings: withTemplate }))
      .then([away("2026-01-05T16:00:00.000Z", "2026-01-05T17:30:00Z")]);
  });

  it("answers nothing read long after it arrived (a replay of old events)", () => {
    const old = message("2026-01-05T17:30:00Z", { firstMessage: true });
    spec.when({ ...old, now: new Date(Date.parse("2026-01-05T17:30:00Z") + AUTO_REPLY_MAX_AGE_MS + 1) }).then([]);
  });
});

describe("the away message when the settings change within an off-hours stretch", () => {
  /** The same week with the days' hours moved to 9 to 7. */
  const nineToSeven: AutoReplySettings = {
    ...settings,
    hours: Object.fromEntries(
      Object.entries(settings.hours).map(([day, hours]) => [day, hours && { start: "09:00", end: "19:00" }]),
    ) as WeeklyHours,
  };

  it("sends no second one the same evening when the day's end moves later, and the next evening gets its own", () => {
    // Monday 18:30 in Berlin: away. At 19:00 the freelancer moves the end to 19:00; at 20:00 the
    // customer writes again, which by the new hours begins a period of its own (its own command id).
    const alone = spec.when(message("2026-01-05T19:00:00Z", { settings: nineToSeven })).decision;
    expect(alone).toEqual([away("2026-01-05T18:00:00.000Z", "2026-01-05T19:00:00Z")]);
    const { decisions } = spec.when(
      message("2026-01-05T17:30:00Z"),
      message("2026-01-05T19:00:00Z", { settings: nineToSeven }),
      // Tuesday 19:30 in Berlin, after Tuesday's hours (9 to 7) began and ended.
      message("2026-01-06T18:30:00Z", { settings: nineToSeven }),
    );
    expect(decisions).toEqual([
      [away("2026-01-05T16:00:00.000Z", "2026-01-05T17:30:00Z")],
      [],
      [away("2026-01-06T18:00:00.000Z", "2026-01-06T18:30:00Z")],
    ]);
  });

  it("sends no second one the same evening when the day's end moves earlier", () => {
    // Monday 19:30 in Berlin under 9 to 7: away; then the hours go back to 9 to 5, whose period began at 17:00.
    const { decisions } = spec.when(
      message("2026-01-05T18:30:00Z", { settings: nineToSeven }),
      message("2026-01-05T19:00:00Z"),
    );
    expect(decisions).toEqual([[away("2026-01-05T18:00:00.000Z", "2026-01-05T18:30:00Z")], []]);
  });

  it("sends none when the ledger holds the evening's away reply, issued under the hours before the change", () => {
    // The ledger holds Monday evening's away reply (issued under 9 to 5); the message read now, under 9 to 7.
    spec
      .given([away("2026-01-05T16:00:00.000Z", "2026-01-05T17:30:00Z")])
      .when(message("2026-01-05T21:00:00Z", { settings: nineToSeven }))
      .then([]);
  });

  it("answers again once a working day began since the last away reply, a morning's before work included", () => {
    // Monday 08:00 in Berlin, before the day's hours: away (the weekend's period). Monday 18:30: the day began between.
    const { decisions } = spec.when(message("2026-01-05T07:00:00Z"), message("2026-01-05T17:30:00Z"));
    expect(decisions).toEqual([
      [away("2026-01-02T16:00:00.000Z", "2026-01-05T07:00:00Z")],
      [away("2026-01-05T16:00:00.000Z", "2026-01-05T17:30:00Z")],
    ]);
  });

  it("keeps the other conversations apart", () => {
    const other = "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a";
    const first = away("2026-01-05T16:00:00.000Z", "2026-01-05T17:30:00Z");
    spec
      .given([{ ...first, conversationId: other, commandId: autoReplyCommandIdFor(orgId, "away", `${other}:x`) }])
      .when(message("2026-01-05T19:00:00Z", { settings: nineToSeven }))
      .then([away("2026-01-05T18:00:00.000Z", "2026-01-05T19:00:00Z")]);
  });
});

describe("the greeting", () => {
  it("answers a conversation's very first message, inside the hours too", () => {
    spec.when(message("2026-01-05T09:30:00Z", { firstMessage: true })).then([greeting("2026-01-05T09:30:00Z")]);
  });

  it("comes before the away message when the first message is outside the hours", () => {
    spec
      .when(message("2026-01-05T17:30:00Z", { firstMessage: true }))
      .then([greeting("2026-01-05T17:30:00Z"), away("2026-01-05T16:00:00.000Z", "2026-01-05T17:30:00Z")]);
  });

  it("is never sent for a later message, nor twice for the first", () => {
    spec.when(message("2026-01-05T09:30:00Z")).then([]);
    const first = message("2026-01-05T09:30:00Z", { firstMessage: true });
    spec
      .given([greeting("2026-01-05T09:30:00Z")])
      .when(first)
      .then([]);
  });

  it("is not sent when it is off", () => {
    const off = { ...settings, greeting: { enabled: false, text: HELLO } };
    spec.when(message("2026-01-05T09:30:00Z", { firstMessage: true, settings: off })).then([]);
  });

  it("leaves the away message alone outside the hours when the org asked for one reply, not two", () => {
    const alone = { ...settings, greeting: { ...settings.greeting, skipWhenAway: true } };
    spec
      .when(message("2026-01-05T17:30:00Z", { firstMessage: true, settings: alone }))
      .then([away("2026-01-05T16:00:00.000Z", "2026-01-05T17:30:00Z")]);
    // Inside the hours no away message answers: the greeting does.
    spec
      .when(message("2026-01-05T09:30:00Z", { firstMessage: true, settings: alone }))
      .then([greeting("2026-01-05T09:30:00Z")]);
    // Nor when the away message is off.
    const awayOff = { ...alone, away: { ...alone.away, enabled: false } };
    spec
      .when(message("2026-01-05T17:30:00Z", { firstMessage: true, settings: awayOff }))
      .then([greeting("2026-01-05T17:30:00Z")]);
    // A replay after the away message was issued still sends no greeting.
    spec
      .given([away("2026-01-05T16:00:00.000Z", "2026-01-05T17:30:00Z")])
      .when(message("2026-01-05T17:30:00Z", { firstMessage: true, settings: alone }))
      .then([]);
  });
});
