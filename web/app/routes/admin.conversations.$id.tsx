import { isUuid } from "@cloudpa/contracts";
import type { OutcomeKind } from "@cloudpa/read-model";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { conversationHistoryView } from "#app/admin/conversation-history-view.server.ts";
import { requireOperator } from "#app/admin/require-operator.server.ts";

export const meta: MetaFunction = () => [{ title: "Conversation history · Operator · Cloud PA" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireOperator(context, request);
  const org = new URL(request.url).searchParams.get("org") ?? undefined;
  if (!isUuid(params.id) || (org !== undefined && !isUuid(org))) throw new Response("Not Found", { status: 404 });
  return conversationHistoryView(context.web, params.id, org);
}

const OUTCOME_MARK: Record<OutcomeKind, { mark: string; className?: string }> = {
  row: { mark: "→" },
  not_projected: { mark: "…", className: "muted" },
  no_row: { mark: "·", className: "muted" },
  quarantined: { mark: "✗", className: "form-error" },
  untrusted: { mark: "✗", className: "form-error" },
};

export default function ConversationHistory() {
  const history = useLoaderData<typeof loader>();
  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">Conversation {history.conversationId}</h2>
      <p className="muted">
        {history.entries.length} events in {history.stream}
        {history.orgId ? ` of org ${history.orgId}` : ", any org"}; the read model is at sequence {history.checkpoint}.
      </p>
      {history.conversations.length === 0 ? (
        <p className="notice">No conversation row in the read model.</p>
      ) : (
        history.conversations.map((conversation) => (
          <p key={conversation.orgId}>
            <strong>Now</strong> (org {conversation.orgId}): {conversation.summary}
          </p>
        ))
      )}
      <ol className="stack history" aria-label="Events">
        {history.entries.map((entry) => (
          <li key={entry.seq} className="history-entry" data-outcome={entry.outcome.kind}>
            <p>
              <strong>#{entry.seq}</strong> <time dateTime={entry.storedAt}>{entry.storedAt}</time>{" "}
              <code>{entry.type}</code> <span className="muted">org {entry.orgId}</span>
            </p>
            <p>{entry.summary}</p>
            <p className={entry.signature.valid ? "muted" : "form-error"}>
              {entry.signature.valid ? "✓" : "✗"} {entry.signature.text}
            </p>
            <p className={OUTCOME_MARK[entry.outcome.kind].className}>
              {OUTCOME_MARK[entry.outcome.kind].mark} {entry.outcome.text}
            </p>
            <details>
              <summary>Subject, headers and payload</summary>
              <p>
                <code>{entry.subject}</code>
              </p>
              <ul>
                {entry.headers.map(([name, value]) => (
                  <li key={name}>
                    <code>
                      {name}: {value}
                    </code>
                  </li>
                ))}
              </ul>
              <pre>{entry.payload}</pre>
            </details>
          </li>
        ))}
      </ol>
    </section>
  );
}
