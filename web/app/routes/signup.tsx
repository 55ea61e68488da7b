import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { AccountError, createAccount, signUpSchema } from "../../src/accounts/accounts.ts";
import { authenticate } from "../../src/accounts/authenticate.server.ts";
import { createSession, sessionCookie } from "../../src/accounts/sessions.ts";
import { AuthShell } from "../components/auth-shell";
import { CsrfInput } from "../components/csrf-input";
import { readCheckedForm } from "../web.server";

export const meta: MetaFunction = () => [{ title: "Create your account · Cloud PA" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await authenticate(context.web.db, request);
  if (auth?.via === "session") throw redirect("/inbox");
  return null;
}

type FieldErrors = Partial<Record<"email" | "password" | "businessName", string>>;

export async function action({ request, context }: ActionFunctionArgs) {
  const { web } = context;
  const form = await readCheckedForm(context, request);
  const parsed = signUpSchema.safeParse({
    email: form.get("email"),
    password: form.get("password"),
    businessName: form.get("businessName"),
  });
  if (!parsed.success) {
    const fields: FieldErrors = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as keyof FieldErrors;
      fields[key] ??= issue.message;
    }
    return data({ fields, error: undefined as string | undefined }, { status: 400 });
  }
  try {
    const account = await createAccount(web.db, parsed.data);
    const token = await createSession(web.db, account);
    web.logger.info("signed up", { orgId: account.orgId, userId: account.userId });
    return redirect("/settings/channels?welcome=1", {
      headers: { "set-cookie": sessionCookie(token, { secure: web.secureCookies }) },
    });
  } catch (error) {
    if (error instanceof AccountError)
      return data({ fields: { email: error.message } as FieldErrors, error: undefined }, { status: 409 });
    throw error;
  }
}

export default function SignUp() {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formAction === "/signup";
  const fields = actionData?.fields ?? {};
  return (
    <AuthShell title="Create your account" subtitle="Answer your customers' WhatsApp messages from one calm inbox.">
      <Form method="post" className="stack" noValidate>
        <CsrfInput />
        <Field name="businessName" label="Business name" error={fields.businessName} autoComplete="organization" />
        <Field name="email" label="Email" type="email" error={fields.email} autoComplete="email" />
        <Field
          name="password"
          label="Password"
          type="password"
          error={fields.password}
          autoComplete="new-password"
          hint="At least 10 characters."
        />
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
  name: string;
  label: string;
  type?: string;
  error: string | undefined;
  autoComplete: string;
  hint?: string;
}) {
  const describedBy = [props.hint ? `${props.name}-hint` : "", props.error ? `${props.name}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        name={props.name}
        type={props.type ?? "text"}
        autoComplete={props.autoComplete}
        required
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {props.hint ? (
        <small id={`${props.name}-hint`} className="muted">
          {props.hint}
        </small>
      ) : null}
      {props.error ? (
        <small id={`${props.name}-error`} className="form-error" role="alert">
          {props.error}
        </small>
      ) : null}
    </label>
  );
}
