import { type AutoReplySettings, autoReplySettingsSchema, WEEKDAYS } from "@cloudpa/contracts";

export type AutoReplyFormResult =
  | { ok: true; settings: AutoReplySettings }
  | { ok: false; message: string; field: string | undefined };

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/**
 * Settings › Working hours as posted: a day's hours only when its box is ticked, the away
 * template only when its Content SID is filled. Parsed by the one schema in contracts; the first
 * problem is named with the field it is about.
 */
export function autoReplySettingsOfForm(form: FormData): AutoReplyFormResult {
  const templateSid = text(form, "away.templateSid").trim();
  const parsed = autoReplySettingsSchema.safeParse({
    timeZone: text(form, "timeZone").trim(),
    hours: Object.fromEntries(
      WEEKDAYS.map((day) => [
        day,
        form.get(`${day}.open`) === "on" ? { start: text(form, `${day}.start`), end: text(form, `${day}.end`) } : null,
      ]),
    ),
    away: {
      enabled: form.get("away.enabled") === "on",
      text: text(form, "away.text"),
      ...(templateSid
        ? { template: { contentSid: templateSid, variables: {}, text: text(form, "away.templateText") } }
        : {}),
    },
    greeting: { enabled: form.get("greeting.enabled") === "on", text: text(form, "greeting.text") },
  });
  if (parsed.success) return { ok: true, settings: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, message: issue?.message ?? "Check the settings", field: issue?.path.join(".") };
}
