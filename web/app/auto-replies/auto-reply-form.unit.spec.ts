import { DEFAULT_AUTO_REPLY_SETTINGS } from "@cloudpa/contracts";
import { describe, expect, it } from "vitest";
import { autoReplySettingsOfForm } from "./auto-reply-form.server.ts";

function formOf(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}

const weekdays = {
  "mon.open": "on",
  "mon.start": "08:30",
  "mon.end": "18:00",
  "wed.open": "on",
  "wed.start": "10:00",
  "wed.end": "14:00",
  // Hours of a day whose box is not ticked are not kept.
  "fri.start": "09:00",
  "fri.end": "17:00",
};

describe("Settings › Working hours as posted", () => {
  it("keeps the ticked days' hours, the zone, both replies and the away template", () => {
    const result = autoReplySettingsOfForm(
      formOf({
        timeZone: " Europe/Berlin ",
        ...weekdays,
        "away.enabled": "on",
        "away.text": "Back at 9.",
        "away.templateSid": `HX${"b".repeat(32)}`,
        "away.templateText": "Back soon.",
        "greeting.text": "Hello!",
      }),
    );
    expect(result).toEqual({
      ok: true,
      settings: {
        timeZone: "Europe/Berlin",
        hours: {
          mon: { start: "08:30", end: "18:00" },
          tue: null,
          wed: { start: "10:00", end: "14:00" },
          thu: null,
          fri: null,
          sat: null,
          sun: null,
        },
        away: {
          enabled: true,
          text: "Back at 9.",
          template: { contentSid: `HX${"b".repeat(32)}`, variables: {}, text: "Back soon." },
        },
        greeting: { enabled: false, text: "Hello!" },
      },
    });
  });

  it("refuses an unknown time zone, hours that end before they start, and an away message without hours", () => {
    const base = { ...weekdays, "away.text": "x", "greeting.text": "y" };
    expect(autoReplySettingsOfForm(formOf({ ...base, timeZone: "Mars/Olympus" }))).toMatchObject({
      ok: false,
      field: "timeZone",
    });
    expect(autoReplySettingsOfForm(formOf({ ...base, timeZone: "UTC", "mon.end": "08:00" }))).toMatchObject({
      ok: false,
      message: "the day's hours must end after they start",
      field: "hours.mon.end",
    });
    expect(
      autoReplySettingsOfForm(
        formOf({
          timeZone: "UTC",
          "away.enabled": "on",
          "away.text": "x",
          "greeting.text": DEFAULT_AUTO_REPLY_SETTINGS.greeting.text,
        }),
      ),
    ).toMatchObject({ ok: false, field: "hours" });
  });
});
