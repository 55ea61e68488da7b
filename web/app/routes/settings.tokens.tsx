import { isUuid } from "@cloudpa/contracts";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import {
  createApiToken,
  createTokenFormSchema,
  listApiTokens,
  revokeApiToken,
} from "#app/accounts/api-tokens.server.ts";
import { CopyButton } from "#app/components/copy-button";
import { CsrfInput } from "#app/components/csrf-input";
import { useEmptiedOnDone } from "#app/components/emptied-on-done.ts";
import { ShortTime } from "#app/components/time";
import { formFields, parseForm } from "#app/forms/form-schema.ts";
import { readCheckedForm, requireAccount } from "#app/web.server";

export const meta: MetaFunction = () => [{ title: "API tokens · Settings · Cloud PA" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await requireAccount(context, request);
  return { tokens: await listApiTokens(context.web.db, account), fields: formFields(createTokenFormSchema) };
}

const SCOPE_LABELS = { read: "read the inbox", send: "send replies" } as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireAccount(context, request);
  const form = await readCheckedForm(context, request);
  if (form.get("intent") === "revoke") {
    const tokenId = form.get("tokenId");
    if (!isUuid(tokenId)) return data({ created: null, error: "That is not a token id." }, { status: 400 });
    await revokeApiToken(context.web.db, account, tokenId);
    return { created: null, error: null };
  }
  const parsed = parseForm(createTokenFormSchema, form);
  if (!parsed.success)
    return data({ created: null, error: parsed.error.issues[0]?.message ?? "Check the form" }, { status: 400 });
  const { name, scopes, expiresIn } = parsed.data;
  const expiresAt = expiresIn === undefined ? undefined : new Date(Date.now() + expiresIn);
  const token = await createApiToken(context.web.db, account, name, { scopes, expiresAt });
  return { created: token, error: null };
}

export default function Tokens() {
  const { tokens, fields } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const emptied = useEmptiedOnDone(result, (answer) => Boolean(answer.created));
  return (
    <div className="settings-grid">
      <section className="card" aria-labelledby="tokens-heading">
        <h2 id="tokens-heading">Personal API tokens</h2>
        <p className="muted">
          Use a token as <code>Authorization: Bearer …</code> with the <a href="/api/v1/openapi.json">JSON API</a>.
        </p>
        {result?.created ? (
          <div className="notice" role="status">
            <p>Copy your new token now; it will not be shown again:</p>
            <div className="copyable">
              <code className="token">{result.created}</code>
              <CopyButton value={result.created} label="Copy the new token" />
            </div>
          </div>
        ) : null}
        <Form method="post" className="inline-form" {...emptied}>
          <CsrfInput />
          <input type="hidden" name="intent" value="create" />
          <label className="field grow">
            <span>Token name</span>
            <input {...fields.name} placeholder="Zapier" />
          </label>
          <label className="field">
            <span>May</span>
            <select name={fields.scopes.name} defaultValue="read">
              <option value="read">read the inbox</option>
              <option value="read,send">read the inbox and send replies</option>
              <option value="send">send replies</option>
            </select>
          </label>
          <label className="field">
            <span>Expires</span>
            <select name={fields.expiresIn.name} defaultValue="90d">
              <option value="7d">in 7 days</option>
              <option value="30d">in 30 days</option>
              <option value="90d">in 90 days</option>
              <option value="365d">in a year</option>
              <option value="">never</option>
            </select>
          </label>
          <button type="submit" className="button primary">
            Create token
          </button>
        </Form>
        {result?.error ? (
          <p className="form-error" role="alert">
            {result.error}
          </p>
        ) : null}
        {tokens.length > 0 ? (
          <ul className="channel-list">
            {tokens.map((token) => (
              <li key={token.id} className="channel">
                <div>
                  <strong>{token.name}</strong>
                  <p className="muted small">
                    {token.scopes.map((scope) => SCOPE_LABELS[scope]).join(", ")} · Created{" "}
                    <ShortTime value={token.createdAt} />
                    {token.expiresAt ? (
                      <>
                        {" "}
                        · {new Date(token.expiresAt) <= new Date() ? "expired" : "expires"}{" "}
                        <ShortTime value={token.expiresAt} />
                      </>
                    ) : (
                      " · never expires"
                    )}
                    {token.lastUsedAt ? (
                      <>
                        {" "}
                        · last used <ShortTime value={token.lastUsedAt} />
                      </>
                    ) : (
                      " · never used"
                    )}
                  </p>
                </div>
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="tokenId" value={token.id} />
                  <button type="submit" className="button danger small">
                    Revoke
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </div>
  );
}
