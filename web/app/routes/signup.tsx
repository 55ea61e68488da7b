import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AccountError, createAccount, signUpSchema } from "#app/accounts/accounts.server.ts";
import { authenticate } from "#app/accounts/authenticate.server.ts";
import { tooManyMessage } from "#app/accounts/rate-limit.server.ts";
import { takeSignUpTurn } from "#app/accounts/sign-up-rate-limit.server.ts";
import { AuthShell } from "#app/components/auth-shell";
import { CsrfInput } from "#app/components/csrf-input";
import {
  type FieldConstraints,
  type FieldErrors,
  fieldErrorsOf,
  formFields,
  parseForm,
} from "#app/forms/form-schema.ts";
import { clientIpOf, readCheckedForm } from "#app/web.server";

export const meta: MetaFunction = () => [{ title: "Create your account · Cloud PA" }];

// A document answer takes its headers from here: the action's Retry-After reaches the browser only this way.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("retry-after");
  return retryAfter ? { "retry-after": retryAfter } : new Headers();
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await authenticate(context.web.db, request);
  if (auth?.via === "session") throw redirect("/inbox");
  return { fields: formFields(signUpSchema) };
}

type SignUpErrors = FieldErrors<typeof signUpSchema>;

/**
 * Where every accepted sign-up goes, new email or not (decision 011): to log in, then to
 * connecting a number. The answer never says whether the email already had an account.
 */
export const SIGNED_UP_LOCATION = `/login?signedUp=1&redirectTo=${encodeURIComponent("/settings/channels?welcome=1")}`;

export async function action({ request, context }: ActionFunctionArgs) {
  const { web } = context;
  const form = await readCheckedForm(context, request);
  const parsed = parseForm(signUpSchema, form);
  if (!parsed.success)
    return data(
      { fields: fieldErrorsOf(signUpSchema, parsed.error), error: undefined as string | undefined },
      { status: 400 },
    );
  const turn = await takeSignUpTurn(web.db, { clientIp: clientIpOf(context), email: parsed.data.email });
  if (!turn.allowed)
    return data(
      { fields: {} as SignUpErrors, error: tooManyMessage(turn.retryAfterSeconds, "sign-ups from here") },
      { status: 429, headers: { "retry-after": String(turn.retryAfterSeconds) } },
    );
  try {
    const account = await createAccount(web.db, parsed.data);
    web.logger.info("signed up", { orgId: account.orgId, userId: account.userId });
  } catch (error) {
    if (!(error instanceof AccountError)) throw error;
    // Same answer as a new account, after the same work (the password was hashed): nothing is
    // created, nobody is signed in, and the owner's account is untouched.
    web.logger.info("sign-up for an email that has an account: answered as any sign-up");
  }
  return redirect(SIGNED_UP_LOCATION);
}

export default function SignUp() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formAction === "/signup";
  const { fields } = useLoaderData<typeof loader>();
  const errors: SignUpErrors = actionData?.fields ?? {};
  return (
    <AuthShell title="Create your account" subtitle="Answer your customers' WhatsApp messages from one calm inbox.">
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <Field
          field={fields.businessName}
          label="Business name"
          error={errors.businessName}
          autoComplete="organization"
        />
        <Field field={fields.email} label="Email" type="email" error={errors.email} autoComplete="email" />
        <Field
          field={fields.password}
          label="Password"
          type="password"
          error={errors.password}
          autoComplete="new-password"
          hint="At least 10 characters; not a common one, nor your address."
        />
        {actionData?.error ? (
          <p id="signup-error" className="form-error" role="alert">
            {actionData.error}
          </p>
        ) : null}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? "Creating your account…" : "Create account"}
        </button>
      </Form>
      <p className="muted">
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </AuthShell>
  );
}

function Field(props: {
  field: FieldConstraints;
  label: string;
  type?: string;
  error: string | undefined;
  autoComplete: string;
  hint?: string;
}) {
  const describedBy = [props.hint ? `${props.field.name}-hint` : "", props.error ? `${props.field.name}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        {...props.field}
        type={props.type ?? "text"}
        autoComplete={props.autoComplete}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {props.hint ? (
        <small id={`${props.field.name}-hint`} className="muted">
          {props.hint}
        </small>
      ) : null}
      {props.error ? (
        <small id={`${props.field.name}-error`} className="form-error" role="alert">
          {props.error}
        </small>
      ) : null}
    </label>
  );
}
