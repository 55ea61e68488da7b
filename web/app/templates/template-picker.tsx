import { renderTemplate } from "@cloudpa/contracts/render-template";
import { useFetcher } from "@remix-run/react";
import { type FormEvent, useEffect, useState } from "react";
import type { ChannelTemplate } from "./template-schemas.ts";
import { VariableName } from "./variable-name.tsx";

/** What the picker's list route answers (`/inbox/:id/templates`). */
export interface TemplateListData {
  templates: ChannelTemplate[];
  error?: string;
}

/**
 * Picks an approved template, fills its `{{1}}`-style variables and shows the text the customer
 * will read. Used by the conversation's composer (instead of free text when the 24-hour window is
 * closed, one click away when it is open) and by "New conversation".
 */
export function TemplatePicker(props: {
  /** The route that lists the number's templates, e.g. `/inbox/<id>/templates`. */
  listUrl: string;
  intro?: string;
  onSend: (choice: { contentSid: string; variables: Record<string, string>; text: string }) => void;
  onClose?: () => void;
  /** Extra fields above the list (New conversation: the customer's number). */
  children?: React.ReactNode;
  sendLabel?: string;
  /**
   * Keep the choice and its variables after a send: where the server may still refuse it (New
   * conversation: a number it cannot read), so nothing typed is lost; that page clears
   * the picker itself (a new `key`) once the send is accepted.
   */
  keepAfterSend?: boolean;
}) {
  const list = useFetcher<TemplateListData>();
  const [contentSid, setContentSid] = useState<string>("");
  const [values, setValues] = useState<Record<string, string>>({});
  const load = list.load;
  useEffect(() => {
    load(props.listUrl);
  }, [load, props.listUrl]);

  const templates = list.data?.templates ?? [];
  const chosen = templates.find((template) => template.contentSid === contentSid);
  const complete = chosen ? chosen.variables.every((name) => (values[name] ?? "").trim() !== "") : false;
  // A variable not yet filled shows as its placeholder ("on {{2}}"), not as nothing ("on  at .").
  const filled = Object.fromEntries(Object.entries(values).filter(([, value]) => value.trim() !== ""));
  const preview = chosen ? renderTemplate(chosen.body, filled) : "";

  function choose(sid: string) {
    setContentSid(sid);
    setValues({});
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!chosen || !complete) return;
    const variables = Object.fromEntries(chosen.variables.map((name) => [name, (values[name] ?? "").trim()]));
    props.onSend({ contentSid: chosen.contentSid, variables, text: renderTemplate(chosen.body, variables) });
    if (props.keepAfterSend) return;
    setContentSid("");
    setValues({});
  }

  return (
    <form className="template-picker" aria-label="Send a template" onSubmit={onSubmit}>
      {props.intro ? (
        <p className="composer-blocked" role="note">
          {props.intro}
        </p>
      ) : null}
      {props.children}
      {/* A field as the number's above it and the variables' below: its name over its select, which
          has the field's whole width (beside Refresh, a phone cut its choice short). */}
      <div className="field">
        <div className="template-picker-head">
          <label htmlFor="template-choice">Template</label>
          <button
            type="button"
            className={`button small ghost${props.onClose ? "" : " flush-end"}`}
            onClick={() => load(`${props.listUrl}?refresh=1`)}
            disabled={list.state === "loading"}
          >
            Refresh
          </button>
          {props.onClose ? (
            <button
              type="button"
              className="button small ghost flush-end"
              onClick={props.onClose}
              aria-label="Close templates"
            >
              ✕
            </button>
          ) : null}
        </div>
        <select id="template-choice" value={contentSid} onChange={(event) => choose(event.target.value)}>
          <option value="">
            {list.state === "loading" && !list.data ? "Loading templates…" : "Choose an approved template"}
          </option>
          {templates.map((template) => (
            <option key={template.contentSid} value={template.contentSid}>
              {template.name} ({template.language})
            </option>
          ))}
        </select>
      </div>
      {list.data?.error ? (
        <p className="failure" role="alert">
          {list.data.error}
        </p>
      ) : null}
      {list.data && !list.data.error && templates.length === 0 ? (
        <p className="muted small">No approved templates on this number yet. Write one under Settings → Templates.</p>
      ) : null}
      {chosen ? (
        <>
          {chosen.variables.map((name) => (
            <div className="field template-variable" key={name}>
              <label htmlFor={`template-var-${name}`}>
                <VariableName body={chosen.body} name={name} />
              </label>
              <input
                id={`template-var-${name}`}
                name={`var-${name}`}
                value={values[name] ?? ""}
                placeholder={chosen.samples[name] ?? ""}
                onChange={(event) => setValues((current) => ({ ...current, [name]: event.target.value }))}
                maxLength={1024}
              />
            </div>
          ))}
          <output className="template-preview" aria-label="Preview" data-testid="template-preview">
            {preview}
          </output>
          <button type="submit" className="button primary" disabled={!complete}>
            {props.sendLabel ?? "Send template"}
          </button>
        </>
      ) : null}
    </form>
  );
}
