import { DEFAULT_AUTO_REPLY_SETTINGS } from "@cloudpa/contracts";
import { describe, expect, it } from "vitest";
import type { ChannelTemplate } from "#app/templates/template-schemas.ts";
import { type AwayTemplateContext, autoReplySettingsOfForm as parse } from "./auto-reply-form.server.ts";
import { awayTemplateVariableField } from "./away-template-fields.ts";

const FOLLOW_UP = `HX${"b".repeat(32)}`;
const NO_VARIABLES = `HX${"c".repeat(32)}`;

function approved(contentSid: string, name: string, body: string, variables: string[]): ChannelTemplate {
  return {
    contentSid,
    name,
    language: "en",
    category: "UTILITY",
    body,
    variables,
    samples: {},
    status: "approved",
    rejectionReason: null,
    sendable: true,
  };
}

/** The numbers' approved templates as Twilio listed them, nothing saved before. */
const listed: AwayTemplateContext = {
  templates: [
    approved(FOLLOW_UP, "follow_up", "Hi {{1}}, I'm away until {{2}}.", ["1", "2"]),
    approved(NO_VARIABLES, "away_notice", "I'm away, I'll write back soon.", []),
  ],
  complete: true,
  saved: undefined,
};

const autoReplySettingsOfForm = (form: FormData, templates: AwayTemplateContext = listed) => parse(form, templates);

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
        "away.templateSid": FOLLOW_UP,
        [awayTemplateVariableField(FOLLOW_UP, "1")]: " there ",
        [awayTemplateVariableField(FOLLOW_UP, "2")]: "Monday 9:00",
        // Another template's values (the form before hydration holds every one's) are not read.
        [awayTemplateVariableField(`HX${"d".repeat(32)}`, "1")]: "ignored",
        "greeting.text": "Hello!",
        "greeting.skipWhenAway": "on",
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
          template: {
            contentSid: FOLLOW_UP,
            variables: { "1": "there", "2": "Monday 9:00" },
            text: "Hi there, I'm away until Monday 9:00.",
            name: "follow_up",
            language: "en",
          },
        },
        greeting: { enabled: false, text: "Hello!", skipWhenAway: true },
      },
    });
    // Unticked, the greeting goes with the away message (as before the choice existed).
    const both = autoReplySettingsOfForm(
      formOf({ timeZone: "UTC", ...weekdays, "away.text": "x", "greeting.text": "y" }),
    );
    expect(both).toMatchObject({ ok: true, settings: { greeting: { skipWhenAway: false } } });
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

  const base = { timeZone: "UTC", ...weekdays, "away.enabled": "on", "away.text": "x", "greeting.text": "y" };

  it("takes a template without variables as it is, and none when none is chosen", () => {
    const result = autoReplySettingsOfForm(formOf({ ...base, "away.templateSid": NO_VARIABLES }));
    expect(result.ok && result.settings.away.template).toEqual({
      contentSid: NO_VARIABLES,
      variables: {},
      text: "I'm away, I'll write back soon.",
      name: "away_notice",
      language: "en",
    });
    const none = autoReplySettingsOfForm(formOf({ ...base, "away.templateSid": "" }));
    expect(none.ok && none.settings.away).toEqual({ enabled: true, text: "x" });
  });

  it("refuses a template with a variable left blank, naming it", () => {
    expect(
      autoReplySettingsOfForm(
        formOf({
          ...base,
          "away.templateSid": FOLLOW_UP,
          [awayTemplateVariableField(FOLLOW_UP, "1")]: "there",
          [awayTemplateVariableField(FOLLOW_UP, "2")]: "  ",
        }),
      ),
    ).toEqual({
      ok: false,
      message: "Give {{2}} of follow_up a value, or choose another template.",
      field: "away.template.variables",
    });
  });

  it("refuses a template that is not an approved one of the numbers (a typed SID, one no longer approved)", () => {
    expect(autoReplySettingsOfForm(formOf({ ...base, "away.templateSid": `HX${"e".repeat(32)}` }))).toMatchObject({
      ok: false,
      field: "away.template.contentSid",
    });
  });

  it("keeps the template saved before when Twilio's lists could not all be read, and only that one", () => {
    const saved = { contentSid: `HX${"f".repeat(32)}`, variables: { "1": "there" }, text: "Hi there.", name: "hi" };
    const unread: AwayTemplateContext = { templates: [], complete: false, saved };
    const kept = autoReplySettingsOfForm(formOf({ ...base, "away.templateSid": saved.contentSid }), unread);
    expect(kept.ok && kept.settings.away.template).toEqual(saved);
    expect(autoReplySettingsOfForm(formOf({ ...base, "away.templateSid": FOLLOW_UP }), unread)).toMatchObject({
      ok: false,
      field: "away.template.contentSid",
    });
  });
});
