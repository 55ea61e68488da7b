import { isUuid } from "@cloudpa/contracts";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { createApiToken, listApiTokens, revokeApiToken } from "../../src/accounts/api-tokens.ts";
import { CopyButton } from "../components/copy-button";
import { CsrfInput } from "../components/csrf-input";
import { ShortTime } from "../components/time";
import { readCheckedForm, requireAccount } from "../web.server";

export const meta: MetaFunction = () => [{ title: "API tokens · Settings · Cloud PA" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await requireAccount(context, request);
  return { tokens: await listApiTokens(context.web.db, account) };
}

const tokenNameSchema = z.string().trim().min(1, "Name the token (what uses it?)").max(60);

export async function action({ request, context }: ActionFunctionArgs) {
  const account = await requireAccount(context, request);
  const form = await readCheckedForm(context, request);
  if (form.get("intent") === "revoke") {
    const tokenId = form.get("tokenId");
    if (!isUuid(tokenId)) return data({ created: null, error: "That is not a token id." }, { status: 400 });
    await revokeApiToken(context.web.db, account, tokenId);
    return { created: null, error: null };
  }
  const name = tokenNameSchema.safeParse(form.get("name"));
  if (!name.success)
    return data({ created: null, error: name.error.issues[0]?.message ?? "Bad name" }, { status: 400 });
  const token = await createApiToken(context.web.db, account, name.data);
  return { created: token, error: null };
}

export default function Tokens() {
  const { tokens } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
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
        <Form method="post" className="inline-form">
          <CsrfInput />
          <input type="hidden" name="intent" value="create" />
          <label className="field grow">
            <span>Token name</span>
            <input name="name" required maxLength={60} placeholder="Zapier" />
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
                    Created <ShortTime value={token.createdAt} />
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
