import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { adminLookup } from "#app/admin/admin-lookup.server.ts";
import { requireOperator } from "#app/admin/require-operator.server.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireOperator(context, request);
  const query = new URL(request.url).searchParams.get("q") ?? "";
  if (!query.trim()) return { query, lookup: null };
  const lookup = await adminLookup(context.web, query);
  if (lookup.kind === "conversation") throw redirect(`/admin/conversations/${lookup.conversationId}`);
  const [only, ...others] = lookup.kind === "message" ? lookup.found : [];
  if (only && others.length === 0) throw redirect(`/admin/conversations/${only.conversationId}?org=${only.orgId}`);
  return { query, lookup };
}

export default function AdminIndex() {
  const { query, lookup } = useLoaderData<typeof loader>();
  return (
    <section className="card" aria-labelledby="lookup-heading">
      <h2 id="lookup-heading">Where is this message?</h2>
      <p className="muted">
        A conversation id or a Twilio MessageSid: every event of its conversation from the stream, verified, with the
        row each produced in the read model.
      </p>
      <Form method="get" className="inline-form">
        <label className="field grow">
          <span>Conversation id or MessageSid</span>
          <input name="q" defaultValue={query} required placeholder="SM… or 0b8f6a52-…" />
        </label>
        <button type="submit" className="button">
          Look up
        </button>
      </Form>
      {lookup?.kind === "not_understood" ? (
        <p className="form-error" role="alert">
          That is neither a conversation id nor a MessageSid.
        </p>
      ) : null}
      {lookup?.kind === "message" && lookup.found.length === 0 ? (
        <p className="notice" role="status">
          No message, pending status or quarantined event carries {lookup.messageSid} in the read model. If the
          projector is behind, look again shortly; `cloudpa events tail` shows what arrives.
        </p>
      ) : null}
      {lookup?.kind === "message" && lookup.found.length > 1 ? (
        <ul>
          {lookup.found.map((ref) => (
            <li key={`${ref.orgId}/${ref.conversationId}`}>
              <Link to={`/admin/conversations/${ref.conversationId}?org=${ref.orgId}`}>
                conversation {ref.conversationId}
              </Link>{" "}
              <span className="muted">
                org {ref.orgId} ({ref.foundIn})
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
