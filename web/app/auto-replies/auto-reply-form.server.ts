import { type AutoReplySettings, type AwayTemplate, autoReplySettingsSchema, WEEKDAYS } from "@cloudpa/contracts";
import { missingTemplateVariables, renderTemplate } from "@cloudpa/contracts/render-template";
import type { ChannelTemplate } from "#app/templates/template-schemas.ts";
import { awayTemplateVariableField } from "./away-template-fields.ts";

export type AutoReplyFormResult =
  | { ok: true; settings: AutoReplySettings }
  | { ok: false; message: string; field: string | undefined };

/** What the away template posted is checked against. */
export interface AwayTemplateContext {
  /** The approved templates of the org's numbers, as listed now. */
  templates: readonly ChannelTemplate[];
  /** Whether every number's list was read (else a template not listed may still be approved). */
  complete: boolean;
  /** The away template saved before, if any. */
  saved: AwayTemplate | undefined;
}

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

type AwayTemplateOutcome =
  | { ok: true; template: AwayTemplate | undefined }
  | { ok: false; message: string; field: string };

/**
 * The away template posted: none, or an approved template of the org's numbers with a value for
 * each of its variables, rendered into the text the customer reads. The template saved before is
 * kept as it was when Twilio's lists could not all be read now.
 */
function awayTemplateOfForm(form: FormData, context: AwayTemplateContext): AwayTemplateOutcome {
  const contentSid = text(form, "away.templateSid").trim();
  if (!contentSid) return { ok: true, template: undefined };
  const listed = context.templates.find((template) => template.contentSid === contentSid);
  if (!listed) {
    if (!context.complete && context.saved?.contentSid === contentSid) return { ok: true, template: context.saved };
    return {
      ok: false,
      message: "That template is not an approved template of your numbers now: choose another, or none.",
      field: "away.template.contentSid",
    };
  }
  const variables = Object.fromEntries(
    listed.variables.map((name) => [name, text(form, awayTemplateVariableField(contentSid, name)).trim()]),
  );
  const missing = missingTemplateVariables(listed.body, variables);
  if (missing.length > 0)
    return {
      ok: false,
      message: `Give ${missing.map((name) => `{{${name}}}`).join(", ")} of ${listed.name} a value, or choose another template.`,
      field: "away.template.variables",
    };
  return {
    ok: true,
    template: {
      contentSid,
      variables,
      text: renderTemplate(listed.body, variables),
      name: listed.name,
      language: listed.language,
    },
  };
}

/**
 * Settings › Working hours as posted: a day's hours only when its box is ticked, the away
 * template only when one is chosen (checked against the numbers' approved templates). Parsed by
 * the one schema in contracts; the first problem is named with the field it is about.
 */
export function autoReplySettingsOfForm(form: FormData, templates: AwayTemplateContext): AutoReplyFormResult {
  const away = awayTemplateOfForm(form, templates);
  if (!away.ok) return away;
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
      ...(away.template ? { template: away.template } : {}),
    },
    greeting: {
      enabled: form.get("greeting.enabled") === "on",
      text: text(form, "greeting.text"),
      skipWhenAway: form.get("greeting.skipWhenAway") === "on",
    },
  });
  if (parsed.success) return { ok: true, settings: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, message: issue?.message ?? "Check the settings", field: issue?.path.join(".") };
}
