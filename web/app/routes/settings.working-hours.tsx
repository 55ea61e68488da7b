import { DEFAULT_AUTO_REPLY_SETTINGS, MAX_REPLY_LENGTH, WEEKDAYS } from "@cloudpa/contracts";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { useRef } from "react";
import { autoReplySettingsOfForm } from "#app/auto-replies/auto-reply-form.server.ts";
import { autoReplySettingsOf, saveAutoReplySettings } from "#app/auto-replies/auto-reply-settings.server.ts";
import { awayTemplateChoices } from "#app/auto-replies/away-template-choices.server.ts";
import { AwayTemplateField } from "#app/auto-replies/away-template-field.tsx";
import { useBrowserTimeZone } from "#app/auto-replies/browser-time-zone.ts";
import { CsrfInput } from "#app/components/csrf-input";
import { useSettledActionData } from "#app/components/settled-action-data.ts";
import { done, refused } from "#app/forms/action-outcome.server.ts";
import { ActionOutcomeMessage } from "#app/forms/action-outcome.tsx";
import type { ChannelTemplate } from "#app/templates/template-schemas.ts";
import { readCheckedForm, requireAccount } from "#app/web.server";

export const meta: MetaFunction = () => [{ title: "Working hours · Settings · Cloud PA" }];

const DAY_NAMES: Record<(typeof WEEKDAYS)[number], string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { web } = context;
  const account = await requireAccount(context, request);
  const saved = await autoReplySettingsOf(web.db, account.orgId);
  const settings = saved ?? DEFAULT_AUTO_REPLY_SETTINGS;
  // The numbers' approved templates for the away message's closed window (`?refresh=1` asks Twilio again).
  const choices = await awayTemplateChoices(web, account.orgId, {
    refresh: new URL(request.url).searchParams.has("refresh"),
  });
  return {
    settings,
    /** Whether the org ever saved its settings: if not, the form offers the browser's own time zone. */
    saved: saved !== undefined,
    awayTemplates: {
      templates: choices.templates.map(({ contentSid, name, language, body, variables, samples }) => ({
        contentSid,
        name,
        language,
        body,
        variables,
        samples,
      })),
      complete: choices.complete,
      hasNumbers: choices.hasNumbers,
    },
    // The days, the zones and the limit come as data: contracts is a server-side package.
    days: WEEKDAYS.map((day) => ({ day, name: DAY_NAMES[day] })),
    timeZones: Intl.supportedValuesOf("timeZone"),
    maxText: MAX_REPLY_LENGTH,
    /** The auto-replier runs only with the keyring that verifies customers' messages (docs/decisions/026). */
    running: Boolean(web.env.EVENT_PUBLIC_KEYS),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { web } = context;
  const account = await requireAccount(context, request);
  const form = await readCheckedForm(context, request);
  // The template chosen is checked against the numbers' approved ones: read again from Twilio
  // when the cache lacks it (it may have been approved since), as a send does (decision 022).
  // None chosen asks Twilio nothing.
  const chosen = form.get("away.templateSid");
  let choices = { templates: [] as ChannelTemplate[], complete: true };
  if (typeof chosen === "string" && chosen) {
    choices = await awayTemplateChoices(web, account.orgId);
    if (!choices.templates.some((template) => template.contentSid === chosen))
      choices = await awayTemplateChoices(web, account.orgId, { refresh: true });
  }
  const saved = (await autoReplySettingsOf(web.db, account.orgId))?.away.template;
  const result = autoReplySettingsOfForm(form, { templates: choices.templates, complete: choices.complete, saved });
  if (!result.ok) return refused(result.message, 400, { field: result.field });
  await saveAutoReplySettings(web.db, account.orgId, result.settings);
  web.logger.info("auto-reply settings saved", {
    orgId: account.orgId,
    away: result.settings.away.enabled,
    greeting: result.settings.greeting.enabled,
    awayTemplate: result.settings.away.template?.contentSid ?? null,
  });
  return done("Working hours and automatic replies saved.", { field: undefined });
}

export default function WorkingHoursPage() {
  const { settings, saved, awayTemplates, days, timeZones, maxText, running } = useLoaderData<typeof loader>();
  const timeZone = useRef<HTMLInputElement>(null);
  useBrowserTimeZone(timeZone, saved);
  const result = useSettledActionData<typeof action>();
  const saving = useNavigation().state === "submitting";
  const invalid = (field: string) => (result?.ok === false && result.field?.startsWith(field) ? true : undefined);
  return (
    <div className="settings-grid">
      <section className="card" aria-labelledby="hours-heading">
        <h2 id="hours-heading">Working hours and automatic replies</h2>
        <p className="muted">
          Outside your hours, a customer's first message of each evening, night or weekend gets your away message, once.
          A customer who writes for the very first time gets your greeting. Both go out as your replies and show in the
          conversation.
        </p>
        {running ? null : (
          <p className="notice" role="status">
            Automatic replies are off on this server (no EVENT_PUBLIC_KEYS).
          </p>
        )}
        <ActionOutcomeMessage outcome={result} />
        <Form method="post" className="stacked-form">
          <CsrfInput />
          <label className="field">
            <span>Time zone</span>
            <input
              ref={timeZone}
              type="text"
              name="timeZone"
              list="time-zones"
              defaultValue={settings.timeZone}
              required
              aria-invalid={invalid("timeZone")}
            />
            <datalist id="time-zones">
              {timeZones.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </label>
          <fieldset>
            <legend>Hours</legend>
            {days.map(({ day, name }) => {
              const hours = settings.hours[day];
              return (
                <div key={day} className="day-hours">
                  <label className="checkbox">
                    <input type="checkbox" name={`${day}.open`} defaultChecked={hours !== null} /> {name}
                  </label>
                  <label className="field">
                    <span className="visually-hidden">{name} from</span>
                    <input
                      type="time"
                      name={`${day}.start`}
                      defaultValue={hours?.start ?? "09:00"}
                      aria-invalid={invalid(`hours.${day}`)}
                    />
                  </label>
                  <span aria-hidden="true">to</span>
                  <label className="field">
                    <span className="visually-hidden">{name} until</span>
                    <input
                      type="time"
                      name={`${day}.end`}
                      defaultValue={hours?.end ?? "17:00"}
                      aria-invalid={invalid(`hours.${day}`)}
                    />
                  </label>
                </div>
              );
            })}
          </fieldset>
          <fieldset>
            <legend>Away message</legend>
            <label className="checkbox">
              <input type="checkbox" name="away.enabled" defaultChecked={settings.away.enabled} /> Send it outside my
              hours
            </label>
            <label className="field">
              <span>Away message</span>
              <textarea
                name="away.text"
                rows={3}
                maxLength={maxText}
                required
                defaultValue={settings.away.text}
                aria-invalid={invalid("away.text")}
              />
            </label>
            <p className="muted small">
              A message read more than 24 hours after it came (the server was down) can only be answered with an
              approved template. Choose one to use then, or none to send nothing.
            </p>
            <AwayTemplateField
              templates={awayTemplates.templates}
              saved={settings.away.template}
              complete={awayTemplates.complete}
              hasNumbers={awayTemplates.hasNumbers}
              invalid={invalid}
            />
          </fieldset>
          <fieldset>
            <legend>Greeting</legend>
            <label className="checkbox">
              <input type="checkbox" name="greeting.enabled" defaultChecked={settings.greeting.enabled} /> Greet a
              customer's very first message
            </label>
            <label className="field">
              <span>Greeting</span>
              <textarea
                name="greeting.text"
                rows={3}
                maxLength={maxText}
                required
                defaultValue={settings.greeting.text}
                aria-invalid={invalid("greeting.text")}
              />
            </label>
            <label className="checkbox">
              <input
                type="checkbox"
                name="greeting.skipWhenAway"
                defaultChecked={settings.greeting.skipWhenAway === true}
              />{" "}
              Outside my hours, send the away message alone (one automatic reply, not two)
            </label>
          </fieldset>
          <button type="submit" className="button" disabled={saving}>
            {saving ? "Saving…" : "Save"}
          </button>
        </Form>
      </section>
    </div>
  );
}
