import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { loginSchema, verifyCredentials } from "#app/accounts/accounts.server.ts";
import { authenticate } from "#app/accounts/authenticate.server.ts";
import { knownDeviceCookie, knownDeviceOf } from "#app/accounts/known-device.server.ts";
import { settleLoginTurn, takeLoginTurn } from "#app/accounts/login-rate-limit.server.ts";
import { secondFactorStep } from "#app/accounts/second-factor-login.server.ts";
import { rotateSession } from "#app/accounts/sessions.server.ts";
import { AuthShell } from "#app/components/auth-shell";
import { CsrfInput } from "#app/components/csrf-input";
import { PasskeyLogin } from "#app/components/passkey-login";
import { formFields, parseForm } from "#app/forms/form-schema.ts";
import { safeRedirectTarget } from "#app/security/redirect-target.ts";
import { clientIpOf, readCheckedForm } from "#app/web.server";

export const meta: MetaFunction = () => [{ title: "Log in · Cloud PA" }];

// A document answer takes its headers from here: the action's Retry-After reaches the browser only this way.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("retry-after");
  return retryAfter ? { "retry-after": retryAfter } : new Headers();
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await authenticate(context.web.db, request);
  if (auth?.via === "session") throw redirect("/inbox");
  return { fields: formFields(loginSchema) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { web } = context;
  const form = await readCheckedForm(context, request);
  const parsed = parseForm(loginSchema, form);
  if (!parsed.success) return data({ error: "Enter your email and password." }, { status: 400 });
  const { email, password } = parsed.data;
  const turn = await takeLoginTurn(web.db, {
    emailKey: email,
    clientIp: clientIpOf(context),
    deviceId: knownDeviceOf(request, web.env.SESSION_SECRET, email),
  });
  if (!turn.allowed) {
    const minutes = Math.ceil(turn.retryAfterSeconds / 60);
    return data(
      { error: `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.` },
      { status: 429, headers: { "retry-after": String(turn.retryAfterSeconds) } },
    );
  }
  const account = await verifyCredentials(web.db, email, password);
  if (!account) return data({ error: "That email and password do not match an account." }, { status: 401 });
  await settleLoginTurn(web.db, turn.keys);
  // An account that requires its passkey gets no session yet: the second step makes it.
  const deviceCookie = knownDeviceCookie(web.env.SESSION_SECRET, email, { secure: web.secureCookies });
  const secondStep = await secondFactorStep(web, account, safeRedirectTarget(form.get("redirectTo")), [deviceCookie]);
  if (secondStep) return secondStep;
  // A fresh session id at every log-in: an id planted before it is never signed in.
  const session = await rotateSession(web.db, request, account, { secure: web.secureCookies });
  web.logger.info("logged in", { orgId: account.orgId, userId: account.userId });
  const headers = new Headers();
  headers.append("set-cookie", session.setCookie);
  headers.append("set-cookie", deviceCookie);
  return redirect(safeRedirectTarget(form.get("redirectTo")), { headers });
}

export default function Login() {
  const { fields } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const busy = navigation.state !== "idle" && navigation.formAction === "/login";
  return (
    <AuthShell title="Log in" subtitle="Your WhatsApp inbox, one click away.">
      {params.get("signedUp") ? (
        <p className="notice" role="status">
          Thanks for signing up. Log in with the email and password you chose to continue.
        </p>
      ) : null}
      <Form method="post" className="stack" aria-describedby={actionData?.error ? "login-error" : undefined}>
        <CsrfInput />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/inbox"} />
        <label className="field">
          <span>Email</span>
          <input type="email" {...fields.email} autoComplete="email webauthn" />
        </label>
        <label className="field">
          <span>Password</span>
          <input type="password" {...fields.password} autoComplete="current-password" />
        </label>
        {params.get("expired") === "second-factor" && !actionData?.error ? (
          <p className="notice" role="status">
            That log-in expired or had too many wrong tries. Log in again.
          </p>
        ) : null}
        {actionData?.error ? (
          <p id="login-error" className="form-error" role="alert">
            {actionData.error}
          </p>
        ) : null}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? "Logging in…" : "Log in"}
        </button>
      </Form>
      <PasskeyLogin redirectTo={params.get("redirectTo") ?? "/inbox"} />
      <p className="muted">
        New to Cloud PA? <Link to="/signup">Create an account</Link>
      </p>
    </AuthShell>
  );
}
