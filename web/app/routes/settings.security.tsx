import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { type FormEvent, useState } from "react";
import { countPasskeys, listPasskeys, removePasskey } from "#app/accounts/passkeys.server.ts";
import { addPasskeyFormSchema, removePasskeyFormSchema } from "#app/accounts/passkeys-schemas.ts";
import {
  deleteRecoveryCodes,
  recoveryCodeFormSchema,
  remainingRecoveryCodes,
  replaceRecoveryCodes,
  spendRecoveryCode,
} from "#app/accounts/recovery-codes.server.ts";
import { secondFactorRequired, setSecondFactorRequired } from "#app/accounts/second-factor.server.ts";
import { revokeOtherSessions, rotateSession } from "#app/accounts/sessions.server.ts";
import { CsrfInput } from "#app/components/csrf-input";
import { PasskeyButton } from "#app/components/passkey-button";
import { addPasskey, PasskeyProblem } from "#app/components/passkey-client";
import { ShortTime } from "#app/components/time";
import { type FieldConstraints, formFields, parseForm } from "#app/forms/form-schema.ts";
import { useRootData } from "#app/root";
import { readCheckedForm, requireAccount } from "#app/web.server";

export const meta: MetaFunction = () => [{ title: "Security · Settings · Cloud PA" }];

const PASSKEYS_URL = "/settings/security/passkeys";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { userId } = await requireAccount(context, request);
  const { db } = context.web;
  const [passkeys, required, recoveryCodesLeft] = await Promise.all([
    listPasskeys(db, userId),
    secondFactorRequired(db, userId),
    remainingRecoveryCodes(db, userId),
  ]);
  return {
    passkeys,
    secondFactorRequired: required,
    recoveryCodesLeft,
    fields: { ...formFields(addPasskeyFormSchema), ...formFields(recoveryCodeFormSchema) },
  };
}

type ActionResult = { error: string | null; recoveryCodes: string[] | null };
const result = (r: Partial<ActionResult>, status = 200) =>
  data<ActionResult>({ error: null, recoveryCodes: null, ...r }, { status });

export async function action({ request, context }: ActionFunctionArgs) {
  const { web } = context;
  const account = await requireAccount(context, request);
  const form = await readCheckedForm(context, request);
  const { userId, orgId } = account;
  const intent = form.get("intent");
  const required = await secondFactorRequired(web.db, userId);

  if (intent === "remove") {
    const remove = parseForm(removePasskeyFormSchema, form);
    if (!remove.success) return result({ error: "That is not a passkey." }, 400);
    if (required && (await countPasskeys(web.db, userId)) <= 1)
      return result({ error: "Your last passkey is your second factor: turn the second factor off first." }, 409);
    await removePasskey(web.db, userId, remove.data.passkeyId);
    web.logger.info("passkey removed", { orgId, userId });
    return result({});
  }

  if (intent === "require-second-factor") {
    if (required) return result({ error: "The second factor is already on." }, 409);
    if ((await countPasskeys(web.db, userId)) === 0)
      return result({ error: "Add a passkey first: it is what you will use after your password." }, 409);
    await setSecondFactorRequired(web.db, userId, true);
    const recoveryCodes = await replaceRecoveryCodes(web.db, userId);
    // A privilege change: this browser gets a new session id, the sessions that never passed
    // the second factor end.
    const session = await rotateSession(web.db, request, account, { secure: web.secureCookies });
    await revokeOtherSessions(web.db, account, session.token);
    web.logger.warn("second factor turned on", { orgId, userId });
    return data<ActionResult>({ error: null, recoveryCodes }, { headers: { "set-cookie": session.setCookie } });
  }

  if (intent === "regenerate-recovery-codes") {
    if (!required) return result({ error: "Recovery codes come with the second factor." }, 409);
    const recoveryCodes = await replaceRecoveryCodes(web.db, userId);
    web.logger.warn("recovery codes replaced", { orgId, userId });
    return result({ recoveryCodes });
  }

  if (intent === "turn-off-with-recovery-code") {
    if (!required) return result({});
    const code = parseForm(recoveryCodeFormSchema, form);
    if (!code.success || !(await spendRecoveryCode(web.db, userId, code.data.recoveryCode))) {
      web.logger.warn("recovery code refused", { orgId, userId, purpose: "turn-off" });
      return result({ error: "That recovery code is not valid or was already used." }, 401);
    }
    await setSecondFactorRequired(web.db, userId, false);
    await deleteRecoveryCodes(web.db, userId);
    web.logger.warn("second factor turned off", { orgId, userId, proof: "recovery-code" });
    throw redirect("/settings/security");
  }
  return result({ error: "Unknown request." }, 400);
}

function AddPasskey({ nameField }: { nameField: FieldConstraints }) {
  const csrf = useRootData()?.csrf ?? "";
  const revalidator = useRevalidator();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const name = String(new FormData(formElement).get("name") ?? "").trim();
    setBusy(true);
    setMessage(null);
    try {
      await addPasskey(PASSKEYS_URL, csrf, name);
      formElement.reset();
      setMessage({ error: false, text: `Added passkey “${name}”.` });
      revalidator.revalidate();
    } catch (problem) {
      setMessage({
        error: true,
        text: problem instanceof PasskeyProblem ? problem.message : "The passkey was not added.",
      });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="inline-form" onSubmit={submit}>
      <label className="field grow">
        <span>Passkey name</span>
        <input {...nameField} placeholder="Laptop" />
      </label>
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? "Waiting for your device…" : "Add passkey"}
      </button>
      {message ? (
        <p className={message.error ? "form-error" : "muted"} role={message.error ? "alert" : "status"}>
          {message.text}
        </p>
      ) : null}
    </form>
  );
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div className="notice" role="status">
      <p>Save these recovery codes now; they will not be shown again. Each works once, instead of your passkey.</p>
      <ul data-testid="recovery-codes" className="stack">
        {codes.map((code) => (
          <li key={code}>
            <code className="token">{code}</code>
          </li>
        ))}
      </ul>
    </div>
  );
}

export default function Security() {
  const { passkeys, secondFactorRequired: required, recoveryCodesLeft, fields } = useLoaderData<typeof loader>();
  const outcome = useActionData<typeof action>();
  return (
    <div className="settings-grid">
      <section className="card" aria-labelledby="passkeys-heading">
        <h2 id="passkeys-heading">Passkeys</h2>
        <p className="muted">Log in with your fingerprint, face or device PIN instead of your password.</p>
        <AddPasskey nameField={fields.name} />
        {passkeys.length > 0 ? (
          <ul className="channel-list" aria-label="Your passkeys">
            {passkeys.map((passkey) => (
              <li key={passkey.id} className="channel">
                <div>
                  <strong>{passkey.name}</strong>
                  <p className="muted small">
                    Created <ShortTime value={passkey.createdAt} />
                    {passkey.lastUsedAt ? (
                      <>
                        {" "}
                        · last used <ShortTime value={passkey.lastUsedAt} />
                      </>
                    ) : (
                      " · never used"
                    )}
                  </p>
                </div>
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="passkeyId" value={passkey.id} />
                  <button type="submit" className="button danger small" aria-label={`Remove ${passkey.name}`}>
                    Remove
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No passkeys yet.</p>
        )}
      </section>
      <section className="card" aria-labelledby="second-factor-heading">
        <h2 id="second-factor-heading">Second factor</h2>
        {outcome?.recoveryCodes ? <RecoveryCodes codes={outcome.recoveryCodes} /> : null}
        {outcome?.error ? (
          <p className="form-error" role="alert">
            {outcome.error}
          </p>
        ) : null}
        {required ? (
          <>
            <p>
              <strong>On.</strong> After your password, Cloud PA asks for your passkey.
            </p>
            <p className="muted" data-testid="recovery-codes-left">
              {recoveryCodesLeft} of 10 recovery codes left.
            </p>
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value="regenerate-recovery-codes" />
              <button type="submit" className="button">
                New recovery codes
              </button>
            </Form>
            <h3 className="small">Turn the second factor off</h3>
            <p className="muted">Prove it is you first, with your passkey or a recovery code.</p>
            <PasskeyButton url={PASSKEYS_URL} fields={{}} label="Turn off with passkey" className="button danger" />
            <Form method="post" className="inline-form">
              <CsrfInput />
              <input type="hidden" name="intent" value="turn-off-with-recovery-code" />
              <label className="field grow">
                <span>Recovery code</span>
                <input {...fields.recoveryCode} spellCheck={false} />
              </label>
              <button type="submit" className="button danger">
                Turn off with code
              </button>
            </Form>
          </>
        ) : (
          <>
            <p className="muted">
              Off. Turn it on to ask for a passkey after your password; you get 10 one-time recovery codes.
            </p>
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value="require-second-factor" />
              <button type="submit" className="button primary" disabled={passkeys.length === 0}>
                Require passkey after password
              </button>
            </Form>
          </>
        )}
      </section>
    </div>
  );
}
