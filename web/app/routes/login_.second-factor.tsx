import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import {
  recoveryCodeFormSchema,
  remainingRecoveryCodes,
  spendRecoveryCode,
} from "#app/accounts/recovery-codes.server.ts";
import { clearedSecondFactorCookie, failSecondFactor, pendingLoginOf } from "#app/accounts/second-factor.server.ts";
import { finishSecondFactorLogin } from "#app/accounts/second-factor-login.server.ts";
import { AuthShell } from "#app/components/auth-shell";
import { CsrfInput } from "#app/components/csrf-input";
import { PasskeyButton } from "#app/components/passkey-button";
import { formFields, parseForm } from "#app/forms/form-schema.ts";
import { readCheckedForm } from "#app/web.server";

export const meta: MetaFunction = () => [{ title: "Second step · Log in · Cloud PA" }];

const EXPIRED = "/login?expired=second-factor";

/** The step after a right password, for accounts that require their passkey: no session before it. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const pending = await pendingLoginOf(context.web.db, request);
  if (!pending) throw redirect(EXPIRED);
  return { email: pending.account.email, fields: formFields(recoveryCodeFormSchema) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { web } = context;
  const form = await readCheckedForm(context, request);
  const pending = await pendingLoginOf(web.db, request);
  const cookie = { secure: web.secureCookies };
  if (!pending) throw redirect(EXPIRED, { headers: { "set-cookie": clearedSecondFactorCookie(cookie) } });
  const code = parseForm(recoveryCodeFormSchema, form);
  if (!code.success) return data({ error: code.error.issues[0]?.message ?? "Enter a code." }, { status: 400 });
  const { userId, orgId } = pending.account;
  if (!(await spendRecoveryCode(web.db, userId, code.data.recoveryCode))) {
    const left = await failSecondFactor(web.db, pending);
    web.logger.warn("recovery code refused", { orgId, userId, triesLeft: left });
    if (left === 0) throw redirect(EXPIRED, { headers: { "set-cookie": clearedSecondFactorCookie(cookie) } });
    return data({ error: "That recovery code is not valid or was already used." }, { status: 401 });
  }
  // A used recovery code is a security event the owner may need to find later.
  web.logger.warn("recovery code used", { orgId, userId, remaining: await remainingRecoveryCodes(web.db, userId) });
  const headers = await finishSecondFactorLogin(web, request, pending, "recovery-code");
  if (!headers) throw redirect(EXPIRED);
  return redirect(pending.redirectTo, { headers });
}

export default function SecondFactor() {
  const { fields } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <AuthShell title="Confirm it is you" subtitle="Your account asks for your passkey after the password.">
      <PasskeyButton
        url="/login/passkey"
        fields={{ purpose: "second-factor" }}
        label="Use your passkey"
        className="button primary"
      />
      <Form method="post" className="stack" aria-labelledby="recovery-heading">
        <h2 id="recovery-heading" className="small">
          No passkey at hand?
        </h2>
        <CsrfInput />
        <label className="field">
          <span>Recovery code</span>
          <input {...fields.recoveryCode} autoComplete="one-time-code" spellCheck={false} />
        </label>
        {actionData?.error ? (
          <p className="form-error" role="alert">
            {actionData.error}
          </p>
        ) : null}
        <button type="submit" className="button">
          Use recovery code
        </button>
      </Form>
      <p className="muted">
        <Link to="/login">Log in again</Link>
      </p>
    </AuthShell>
  );
}
