import { templateVariablesOf } from "@cloudpa/contracts/render-template";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { CsrfInput } from "#app/components/csrf-input";
import { useSettledActionData } from "#app/components/settled-action-data.ts";
import { done, refused } from "#app/forms/action-outcome.server.ts";
import { ActionOutcomeMessage } from "#app/forms/action-outcome.tsx";
import { shownHandle } from "#app/inbox/shown-handle.ts";
import { TEMPLATE_CATEGORIES } from "#app/templates/template-categories.ts";
import {
  newTemplateOfForm,
  submitNewTemplate,
  templateChannelsOf,
  templatesPage,
} from "#app/templates/templates-page.server.ts";
import { readCheckedForm, requireAccount } from "#app/web.server";

export const meta: MetaFunction = () => [{ title: "Templates · Settings · Cloud PA" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await requireAccount(context, request);
  const url = new URL(request.url);
  const { channels, chosen } = await templateChannelsOf(context.web, account.orgId, url.searchParams.get("channel"));
  const page = chosen
    ? await templatesPage(context.web, account, chosen, url.searchParams.has("refresh"))
    : { templates: [], fetchedAt: null, error: null };
  return { channels, chosen: chosen ?? null, ...page };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireAccount(context, request);
  const form = await readCheckedForm(context, request);
  const { chosen } = await templateChannelsOf(context.web, account.orgId, String(form.get("channel") ?? ""));
  if (!chosen) return refused("Connect a WhatsApp number first.", 400);
  const parsed = newTemplateOfForm(form);
  if (!parsed.ok) return refused(parsed.error, 400);
  const submitted = await submitNewTemplate(context.web, account, chosen, parsed.template);
  if (!submitted.ok) return refused(submitted.error, 502);
  const status = STATUS_LABELS[submitted.status] ?? submitted.status;
  return done(`Submitted ${parsed.template.name} for WhatsApp's approval (${status}).`);
}

const STATUS_LABELS: Record<string, string> = {
  unsubmitted: "Not submitted",
  received: "Received by WhatsApp",
  pending: "Pending review",
  approved: "Approved",
  rejected: "Rejected",
  paused: "Paused",
  disabled: "Disabled",
};

export default function Templates() {
  const { channels, chosen, templates, error } = useLoaderData<typeof loader>();
  const result = useSettledActionData<typeof action>();
  const [body, setBody] = useState("");
  const variables = templateVariablesOf(body);
  const refreshTo = `/settings/templates?${new URLSearchParams({ ...(chosen ? { channel: chosen.id } : {}), refresh: "1" })}`;

  if (!chosen)
    return (
      <section className="card">
        <h2>Message templates</h2>
        <p>
          Connect a WhatsApp number in <Link to="/settings/channels">WhatsApp numbers</Link> first.
        </p>
      </section>
    );

  return (
    <div className="settings-grid">
      <section className="card" aria-labelledby="templates-heading">
        <h2 id="templates-heading">Message templates</h2>
        <p className="muted">
          WhatsApp lets you write to a customer who has not written in 24 hours, or who never wrote, only with a
          template it approved. These are the templates of {shownHandle(chosen.externalPhoneId)}'s Twilio account.
        </p>
        {channels.length > 1 ? (
          <nav aria-label="Numbers" className="tabs">
            {channels.map((channel) => (
              <Link key={channel.id} to={`/settings/templates?channel=${channel.id}`}>
                {shownHandle(channel.externalPhoneId)}
              </Link>
            ))}
          </nav>
        ) : null}
        <p>
          <Link to={refreshTo} className="button small">
            Refresh statuses
          </Link>
        </p>
        {error ? (
          <p className="failure" role="alert">
            {error}
          </p>
        ) : null}
        <table className="templates-table" aria-label="Templates">
          <thead>
            <tr>
              <th>Name</th>
              <th>Language</th>
              <th>Category</th>
              <th>Text</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {templates.map((template) => (
              <tr key={template.contentSid} data-template={template.name}>
                <td data-label="Name">{template.name}</td>
                <td data-label="Language">{template.language}</td>
                <td data-label="Category">{template.category ?? ""}</td>
                <td data-label="Text" className="template-body">
                  {template.body}
                </td>
                <td data-label="Status">
                  <span className={`template-status ${template.status}`} data-status={template.status}>
                    {STATUS_LABELS[template.status] ?? template.status}
                  </span>
                  {template.rejectionReason ? <p className="small muted">{template.rejectionReason}</p> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card" aria-labelledby="new-template-heading">
        <h2 id="new-template-heading">New template</h2>
        <ActionOutcomeMessage outcome={result} />
        <Form method="post" className="stack-form" onSubmit={() => setBody("")}>
          <CsrfInput />
          <input type="hidden" name="channel" value={chosen.id} />
          <label className="field">
            <span>Name</span>
            <input name="name" required pattern="[a-z0-9_]+" placeholder="visit_confirmed" />
          </label>
          <label className="field">
            <span>Category</span>
            <select name="category" defaultValue="UTILITY">
              {TEMPLATE_CATEGORIES.map((category) => (
                <option key={category} value={category}>
                  {category.toLowerCase()}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Language</span>
            <input name="language" required defaultValue="en" />
          </label>
          <label className="field">
            <span>
              Text (use {"{{1}}"}, {"{{2}}"}… for the parts you fill in when sending)
            </span>
            <textarea
              name="body"
              required
              maxLength={1024}
              rows={4}
              value={body}
              onChange={(event) => setBody(event.target.value)}
            />
          </label>
          {variables.map((name) => (
            <label className="field" key={name}>
              <span>{`Sample for {{${name}}}`}</span>
              <input name={`sample-${name}`} required />
            </label>
          ))}
          <button type="submit" className="button primary">
            Submit for approval
          </button>
        </Form>
      </section>
    </div>
  );
}
