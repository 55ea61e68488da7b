import { webhookUrlsFor } from "@cloudpa/contracts";
import { channelsOfOrg } from "@cloudpa/read-model";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { connectChannel, connectChannelSchema, disconnectChannel } from "#app/channels/channels.server.ts";
import { envChannelIdOf } from "#app/channels/env-channel.server.ts";
import { CopyButton } from "#app/components/copy-button";
import { CsrfInput } from "#app/components/csrf-input";
import { useLastActionData, useLiveUpdates } from "#app/components/live-updates";
import { ShortTime } from "#app/components/time";
import {
  type FieldConstraints,
  type FieldErrors,
  fieldErrorsOf,
  formFields,
  parseForm,
} from "#app/forms/form-schema.ts";
import { shownHandle } from "#app/inbox/shown-handle.ts";
import { readOrgViewAtProjectionPosition } from "#app/live/projection-position.server.ts";
import { readCheckedForm, requireAccount } from "#app/web.server";

export const meta: MetaFunction = () => [{ title: "WhatsApp numbers · Settings · Cloud PA" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await requireAccount(context, request);
  const { web } = context;
  const { position, value: channels } = await readOrgViewAtProjectionPosition(web, account.orgId, channelsOfOrg);
  return {
    channels,
    /** The projection position these channels reflect (live updates compare with it). */
    position,
    envChannelId: envChannelIdOf(web) ?? null,
    webhookUrls: webhookUrlsFor(web.env.PUBLIC_BASE_URL),
    simulatorUrl: web.env.TWILIO_SIM_URL ?? null,
    fields: formFields(connectChannelSchema),
  };
}

const ENV_CONFIGURED =
  "This number is configured by the server's TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_WHATSAPP_FROM; change them there.";

type ConnectErrors = FieldErrors<typeof connectChannelSchema>;

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireAccount(context, request);
  const form = await readCheckedForm(context, request);
  const { web } = context;
  if (form.get("intent") === "disconnect") {
    const number = String(form.get("externalPhoneId") ?? "");
    const done = await disconnectChannel(web, account, number);
    if (done === "not_found")
      return data(
        { errors: { form: "That number is not connected to your account." } as ConnectErrors, connected: null },
        { status: 404 },
      );
    if (done === "configured_by_environment")
      return data({ errors: { form: ENV_CONFIGURED } as ConnectErrors, connected: null }, { status: 409 });
    return { errors: {} as ConnectErrors, connected: null, disconnected: number };
  }
  const parsed = parseForm(connectChannelSchema, form);
  if (!parsed.success)
    return data({ errors: fieldErrorsOf(connectChannelSchema, parsed.error), connected: null }, { status: 400 });
  const outcome = await connectChannel(web, account, parsed.data);
  switch (outcome.kind) {
    case "connected":
      return { errors: {} as ConnectErrors, connected: outcome.externalPhoneId };
    case "credentials_rejected":
      return data(
        {
          errors: { authToken: "Twilio did not accept this account SID and auth token." } as ConnectErrors,
          connected: null,
        },
        { status: 400 },
      );
    case "number_not_owned":
      return data(
        {
          errors: {
            number: "This number is not in that Twilio account. Connect it with the account that owns it.",
          } as ConnectErrors,
          connected: null,
        },
        { status: 403 },
      );
    case "configured_by_environment":
      return data({ errors: { number: ENV_CONFIGURED } as ConnectErrors, connected: null }, { status: 409 });
    case "twilio_unreachable":
      return data(
        {
          errors: { form: "Twilio could not be reached to check the token. Try again in a moment." } as ConnectErrors,
          connected: null,
        },
        { status: 502 },
      );
    case "number_taken":
      return data(
        {
          errors: { number: "This number is already connected to another account." } as ConnectErrors,
          connected: null,
        },
        { status: 409 },
      );
    default: {
      const unhandled: never = outcome;
      throw new Error(`unhandled outcome ${JSON.stringify(unhandled)}`);
    }
  }
}

export default function Channels() {
  const { channels, envChannelId, webhookUrls, simulatorUrl, fields } = useLoaderData<typeof loader>();
  // The projection's update of the new number revalidates the page at once: the "Connected"
  // notice and the form's errors must outlive it.
  const result = useLastActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  useLiveUpdates();
  const connecting = navigation.state === "submitting" && navigation.formData?.get("intent") === "connect";
  const errors: ConnectErrors = result?.errors ?? {};
  const justConnected = result?.connected ?? null;
  const shown = justConnected && !channels.some((c) => c.externalPhoneId === justConnected);

  return (
    <div className="settings-grid">
      {params.get("welcome") ? (
        <p className="notice" role="status">
          Welcome to Cloud PA! Connect your Twilio WhatsApp number to start receiving messages.
        </p>
      ) : null}
      <section aria-labelledby="numbers-heading" className="card">
        <h2 id="numbers-heading">Your WhatsApp numbers</h2>
        {channels.length === 0 && !shown ? (
          <p className="muted">No number connected yet.</p>
        ) : (
          <ul className="channel-list">
            {shown ? (
              <li className="channel">
                <div>
                  <strong>{shownHandle(justConnected)}</strong>
                  <span className="status-pill open">Connecting…</span>
                </div>
              </li>
            ) : null}
            {channels.map((channel) => (
              <li key={channel.id} className="channel">
                <div>
                  <strong>{shownHandle(channel.externalPhoneId)}</strong>
                  {channel.displayName ? <span className="muted"> · {channel.displayName}</span> : null}
                  <span className={`status-pill ${channel.isActive ? "open" : "closed"}`}>
                    {channel.isActive ? "Active" : "Deactivated"}
                  </span>
                  <p className="muted small">
                    Account {channel.accountSid.slice(0, 6)}… ·{" "}
                    {channel.id === envChannelId ? "configured by environment" : "connected"}{" "}
                    <ShortTime value={channel.connectedAt} />
                  </p>
                </div>
                {channel.isActive && channel.id !== envChannelId ? (
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="disconnect" />
                    <input type="hidden" name="externalPhoneId" value={channel.externalPhoneId} />
                    <button type="submit" className="button danger small">
                      Deactivate
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="connect-heading" className="card">
        <h2 id="connect-heading">Connect a Twilio WhatsApp number</h2>
        <p className="muted">
          Find these in Twilio's console under Account info. The auth token is checked with Twilio, stored encrypted and
          never shown again.
        </p>
        {/* A new form after each connection: the token never lingers in the page. */}
        <Form method="post" className="stack" noValidate key={justConnected ?? "connect"}>
          <CsrfInput />
          <input type="hidden" name="intent" value="connect" />
          <TextField field={fields.accountSid} label="Account SID" placeholder="AC…" error={errors.accountSid} />
          <TextField field={fields.authToken} label="Auth token" type="password" error={errors.authToken} />
          <TextField
            field={fields.number}
            label="WhatsApp number"
            placeholder="+14155238886"
            error={errors.number}
            type="tel"
          />
          <TextField
            field={fields.displayName}
            label="Label (optional)"
            placeholder="Studio phone"
            error={errors.displayName}
          />
          {errors.form ? (
            <p className="form-error" role="alert">
              {errors.form}
            </p>
          ) : null}
          {justConnected ? (
            <p className="notice" role="status">
              Connected {shownHandle(justConnected)}. Paste the webhook URLs below into Twilio.
            </p>
          ) : null}
          <button type="submit" className="button primary" disabled={connecting}>
            {connecting ? "Checking with Twilio…" : "Connect number"}
          </button>
        </Form>
      </section>

      <section aria-labelledby="webhooks-heading" className="card">
        <h2 id="webhooks-heading">Webhook URLs for Twilio</h2>
        <p className="muted">In Twilio's console, set your WhatsApp sender's URLs to exactly these:</p>
        <dl className="webhook-urls">
          <dt>When a message comes in (POST)</dt>
          <dd className="copyable">
            <code data-testid="webhook-inbound">{webhookUrls.inbound}</code>
            <CopyButton value={webhookUrls.inbound} label="Copy the incoming message URL" />
          </dd>
          <dt>Status callback URL (POST)</dt>
          <dd className="copyable">
            <code data-testid="webhook-status">{webhookUrls.status}</code>
            <CopyButton value={webhookUrls.status} label="Copy the status callback URL" />
          </dd>
        </dl>
        {simulatorUrl ? (
          <p>
            Running locally?{" "}
            <a href={simulatorUrl} target="_blank" rel="noreferrer">
              Open the WhatsApp simulator
            </a>
            .
          </p>
        ) : null}
      </section>
    </div>
  );
}

function TextField(props: {
  field: FieldConstraints;
  label: string;
  type?: string;
  placeholder?: string;
  error: string | undefined;
}) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        {...props.field}
        type={props.type ?? "text"}
        placeholder={props.placeholder}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${props.field.name}-error` : undefined}
      />
      {props.error ? (
        <small id={`${props.field.name}-error`} className="form-error" role="alert">
          {props.error}
        </small>
      ) : null}
    </label>
  );
}
