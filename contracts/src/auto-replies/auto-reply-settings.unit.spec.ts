import { describe, expect, it } from "vitest";
import { autoReplySettingsSchema, DEFAULT_AUTO_REPLY_SETTINGS } from "./auto-reply-settings.js";

const contentSid = `HX${"a".repeat(32)}`;
const withTemplate = (template: unknown) => ({
  ...DEFAULT_AUTO_REPLY_SETTINGS,
  away: { enabled: true, text: "Away.", template },
});

describe("the away template in the settings", () => {
  it("keeps the SID, the values, the rendered text, the name and the language", () => {
    const template = { contentSid, variables: { "1": "there" }, text: "Hi there.", name: "hi", language: "en" };
    expect(autoReplySettingsSchema.parse(withTemplate(template)).away.template).toEqual(template);
  });

  it("still reads a template saved before names and languages were kept", () => {
    const template = { contentSid, variables: {}, text: "Back soon." };
    expect(autoReplySettingsSchema.parse(withTemplate(template)).away.template).toEqual(template);
  });

  it("refuses a variable without a value", () => {
    const parsed = autoReplySettingsSchema.safeParse(
      withTemplate({ contentSid, variables: { "1": " " }, text: "Hi  ." }),
    );
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["away", "template", "variables"]);
  });
});
