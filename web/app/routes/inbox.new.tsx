import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSubmit } from "@remix-run/react";
import { useEffect, useState } from "react";
import { newCommandId } from "#app/components/command-id";
import { conversationOfOrg } from "#app/inbox/conversation-of-org.server.ts";
import { shownHandle } from "#app/inbox/shown-handle.ts";
import { useRootData } from "#app/root";
import { newConversationFromForm } from "#app/templates/new-conversation.server.ts";
import { TemplatePicker } from "#app/templates/template-picker.tsx";
import { templateChannelsOf } from "#app/templates/templates-page.server.ts";
import { readCheckedForm, requireAccount } from "#app/web.server";

export const meta: MetaFunction = () => [{ title: "New conversation · Cloud PA" }];

/**
 * After a send (`?opening=<conversation id>`) the page waits for the conversation: it exists once
 * Twilio's answer is projected, and the live update that brings it reloads this loader, which
 * then opens it. Only a conversation of the account's org is ever opened.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await requireAccount(context, request);
  const opening = new URL(request.url).searchParams.get("opening");
  if (opening && (await conversationOfOrg(context.web, account.orgId, opening))) {
    throw redirect(`/inbox/${opening}`);
  }
  const { channels } = await templateChannelsOf(context.web, account.orgId, null);
  return { channels, opening };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireAccount(context, request);
  const form = await readCheckedForm(context, request);
  const result = await newConversationFromForm(context.web, account, form);
  return result.ok ? redirect(`/inbox/new?opening=${result.conversationId}`) : data(result, { status: result.status });
}

/**
 * Writes first to a customer, which WhatsApp allows only with an approved template: the number,
 * the WhatsApp number to send from, and the template with its variables.
 */
export default function NewConversation() {
  const { channels, opening } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const root = useRootData();
  const submit = useSubmit();
  const [to, setTo] = useState("");
  const [channelId, setChannelId] = useState(channels[0]?.id ?? "");
  const [missingNumber, setMissingNumber] = useState(false);
  // Each accepted send empties the form (the picker by its key); a refused one keeps what was typed.
  useEffect(() => {
    if (opening) setTo("");
  }, [opening]);

  return (
    <article className="conversation new-conversation" aria-labelledby="new-conversation-title">
      <header className="conversation-head">
        <Link to="/inbox" className="back-link" aria-label="Back to the inbox">
          ←
        </Link>
        <h2 id="new-conversation-title">New conversation</h2>
      </header>
      {channels.length === 0 ? (
        <p className="composer-blocked">
          Connect a WhatsApp number in <Link to="/settings/channels">Settings</Link> first.
        </p>
      ) : (
        <div className="messages">
          <p className="muted">
            WhatsApp lets you write first only with a template it approved. The customer's replies then open the 24-hour
            window for free text.
          </p>
          {result && "error" in result ? (
            <p className="failure" role="alert">
              {result.error}
            </p>
          ) : opening ? (
            <p className="notice" role="status">
              Sending… The conversation opens here as soon as Twilio has the message.
            </p>
          ) : null}
          <TemplatePicker
            key={`${channelId}|${opening ?? ""}`}
            listUrl={`/inbox/new/templates/${channelId}`}
            sendLabel="Start conversation"
            keepAfterSend
            onSend={(choice) => {
              if (!to.trim()) {
                setMissingNumber(true);
                return;
              }
              submit(
                {
                  commandId: newCommandId(),
                  to,
                  channelId,
                  contentSid: choice.contentSid,
                  variables: JSON.stringify(choice.variables),
                  csrf: root?.csrf ?? "",
                },
                { method: "post" },
              );
            }}
          >
            <div className="field">
              <label htmlFor="new-conversation-to">Customer's WhatsApp number</label>
              <input
                id="new-conversation-to"
                type="tel"
                value={to}
                placeholder="+44 7700 900123"
                onChange={(event) => {
                  setTo(event.target.value);
                  setMissingNumber(false);
                }}
                aria-invalid={missingNumber || undefined}
              />
              {missingNumber ? (
                <span className="form-error" role="alert">
                  Enter the customer's number first
                </span>
              ) : null}
            </div>
            {channels.length > 1 ? (
              <div className="field">
                <label htmlFor="new-conversation-from">From</label>
                <select
                  id="new-conversation-from"
                  value={channelId}
                  onChange={(event) => setChannelId(event.target.value)}
                >
                  {channels.map((channel) => (
                    <option key={channel.id} value={channel.id}>
                      {shownHandle(channel.externalPhoneId)}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
          </TemplatePicker>
        </div>
      )}
    </article>
  );
}
