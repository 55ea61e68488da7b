import { Link, useFetcher } from "@remix-run/react";
import { LabelChip, labelsById, labelsOn, type ShownLabel } from "./label-chip.tsx";

/**
 * The conversation header's labels (issue 15): each shown as a chip with a button that takes it
 * off, and a choice of the org's other labels to put on. Forms, not click handlers: a tap before
 * the page's scripts load still posts (as Pin and Archive do). The view follows once projected.
 */
export function ConversationLabels({
  conversationId,
  labelIds,
  labels,
  csrf,
}: {
  conversationId: string;
  labelIds: readonly string[];
  labels: readonly ShownLabel[];
  csrf: string;
}) {
  const fetcher = useFetcher<{ ok: boolean; error?: string }>({ key: `labels-${conversationId}` });
  const busy = fetcher.state !== "idle";
  const on = labelsOn(labelIds, labelsById(labels));
  const others = labels.filter((label) => !labelIds.includes(label.id));
  const action = `/inbox/${conversationId}`;
  return (
    <div className="conversation-labels">
      <ul className="label-chips" aria-label="Labels">
        {on.map((label) => (
          <li key={label.id}>
            <fetcher.Form method="post" action={action} className="label-on">
              <input type="hidden" name="csrf" value={csrf} />
              <input type="hidden" name="labelId" value={label.id} />
              <LabelChip label={label} />
              <button
                type="submit"
                name="intent"
                value="unlabel"
                className="label-remove"
                disabled={busy}
                aria-label={`Remove label ${label.name}`}
                title={`Remove label ${label.name}`}
              >
                <span aria-hidden="true">×</span>
              </button>
            </fetcher.Form>
          </li>
        ))}
      </ul>
      {others.length > 0 ? (
        <fetcher.Form method="post" action={action} className="label-add">
          <input type="hidden" name="csrf" value={csrf} />
          <label htmlFor={`label-add-${conversationId}`} className="visually-hidden">
            Label to add
          </label>
          <select id={`label-add-${conversationId}`} name="labelId" required defaultValue="">
            <option value="" disabled>
              Add a label…
            </option>
            {others.map((label) => (
              <option key={label.id} value={label.id}>
                {label.name}
              </option>
            ))}
          </select>
          <button type="submit" name="intent" value="label" className="button ghost small" disabled={busy}>
            Add label
          </button>
        </fetcher.Form>
      ) : labels.length === 0 ? (
        <Link to="/settings/labels" className="muted small-link">
          Make labels
        </Link>
      ) : null}
      {fetcher.data && !fetcher.data.ok ? (
        <span className="form-error" role="alert">
          {fetcher.data.error ?? "That did not work"}
        </span>
      ) : null}
    </div>
  );
}
