import { renderTemplate } from "@cloudpa/contracts/render-template";
import { Link } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useHydrated } from "#app/components/time";
import { VariableName } from "#app/templates/variable-name.tsx";
import { awayTemplateVariableField } from "./away-template-fields.ts";

/** An approved template as the picker shows it. */
export interface OfferedTemplate {
  contentSid: string;
  name: string;
  language: string;
  body: string;
  variables: string[];
  samples: Record<string, string>;
}

/** The away template saved before. */
export interface SavedAwayTemplate {
  contentSid: string;
  variables: Record<string, string>;
  text: string;
  name?: string | undefined;
  language?: string | undefined;
}

/**
 * The away message's template for a closed window, chosen among the numbers' approved templates
 * (a select showing name and language, posting the SID), with a value for each of its variables,
 * the same for every customer. Before hydration the form holds every offered template's fields,
 * each set under its template's name (the server reads the chosen one's); after it, only the
 * chosen template's, with the text the customer will read.
 */
export function AwayTemplateField(props: {
  templates: OfferedTemplate[];
  saved: SavedAwayTemplate | undefined;
  /** Whether every number's list was read. */
  complete: boolean;
  hasNumbers: boolean;
  invalid: (field: string) => true | undefined;
}) {
  const { templates, saved, complete, hasNumbers, invalid } = props;
  const hydrated = useHydrated();
  const select = useRef<HTMLSelectElement>(null);
  const [chosen, setChosen] = useState(saved?.contentSid ?? "");
  const [values, setValues] = useState<Record<string, string>>(saved?.variables ?? {});
  // A choice made before hydration is the one the select shows.
  useEffect(() => {
    if (select.current) setChosen(select.current.value);
  }, []);
  const unlisted = saved && !templates.some((template) => template.contentSid === saved.contentSid) ? saved : undefined;
  const chosenTemplate = templates.find((template) => template.contentSid === chosen);
  const withFields = templates.filter(
    (template) => template.variables.length > 0 && (!hydrated || template.contentSid === chosen),
  );
  const savedValue = (template: OfferedTemplate, name: string) =>
    saved?.contentSid === template.contentSid ? (saved.variables[name] ?? "") : "";

  return (
    <div className="away-template">
      <label className="field">
        <span>Template for a closed window</span>
        <select
          ref={select}
          name="away.templateSid"
          defaultValue={saved?.contentSid ?? ""}
          onChange={(event) => {
            setChosen(event.target.value);
            setValues({});
          }}
          aria-invalid={invalid("away.template.contentSid")}
          aria-describedby="away-template-help"
        >
          <option value="">None: send nothing then</option>
          {templates.map((template) => (
            <option key={template.contentSid} value={template.contentSid}>
              {template.name} ({template.language})
            </option>
          ))}
          {unlisted ? (
            <option value={unlisted.contentSid}>
              {unlisted.name ?? unlisted.contentSid}
              {unlisted.language ? ` (${unlisted.language})` : ""}
              {complete ? " · no longer approved" : " · not listed just now"}
            </option>
          ) : null}
        </select>
      </label>
      <p className="muted small" id="away-template-help">
        {hasNumbers
          ? "Your numbers' approved templates. A template's variables get the values you give here, the same for every customer."
          : "Connect a WhatsApp number in Settings › Channels to choose one of its approved templates."}{" "}
        {hasNumbers ? <Link to="?refresh=1">Refresh the templates</Link> : null}
      </p>
      {hasNumbers && !complete ? (
        <p className="notice" role="status">
          Twilio's templates could not all be read just now; try Refresh in a moment.
        </p>
      ) : null}
      {withFields.map((template) => (
        <fieldset key={template.contentSid} className="away-template-values">
          <legend>
            {hydrated ? `Values for ${template.name}` : `Values if you choose ${template.name} (${template.language})`}
          </legend>
          <p className="muted small template-body">{template.body}</p>
          {template.variables.map((name) => (
            <label className="field" key={name}>
              <span>
                <VariableName body={template.body} name={name} />
              </span>
              <input
                type="text"
                name={awayTemplateVariableField(template.contentSid, name)}
                defaultValue={savedValue(template, name)}
                placeholder={template.samples[name] ?? ""}
                maxLength={1024}
                required={hydrated}
                aria-invalid={hydrated ? invalid("away.template.variables") : undefined}
                onChange={(event) => setValues((current) => ({ ...current, [name]: event.target.value }))}
              />
            </label>
          ))}
        </fieldset>
      ))}
      {hydrated && chosenTemplate ? (
        <output className="template-preview" aria-label="What the customer reads">
          {renderTemplate(
            chosenTemplate.body,
            // A variable still blank shows as its placeholder.
            Object.fromEntries(
              chosenTemplate.variables
                .map((name) => [name, (values[name] ?? savedValue(chosenTemplate, name)).trim()])
                .filter(([, value]) => value !== ""),
            ),
          )}
        </output>
      ) : null}
    </div>
  );
}
