import { isUuid, MAX_LABEL_NAME } from "@cloudpa/contracts";
import { labelsOfOrg, MAX_LABELS } from "@cloudpa/read-model";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfInput } from "#app/components/csrf-input";
import { useEmptiedOnDone } from "#app/components/emptied-on-done.ts";
import { useLiveUpdates } from "#app/components/live-updates";
import { useSettledActionData } from "#app/components/settled-action-data.ts";
import { done, refused } from "#app/forms/action-outcome.server.ts";
import { ActionOutcomeMessage } from "#app/forms/action-outcome.tsx";
import { parseForm } from "#app/forms/form-schema.ts";
import { LabelChip } from "#app/labels/label-chip.tsx";
import { COLOUR_NAMES, createLabelBodySchema, LABEL_COLOURS } from "#app/labels/label-schemas.ts";
import { createLabel, deleteLabel, type LabelOutcome, updateLabel } from "#app/labels/labels.server.ts";
import { readOrgViewAtProjectionPosition } from "#app/live/projection-position.server.ts";
import { readCheckedForm, requireAccount } from "#app/web.server";

export const meta: MetaFunction = () => [{ title: "Labels · Settings · Cloud PA" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await requireAccount(context, request);
  const { web } = context;
  const { position, value: labels } = await readOrgViewAtProjectionPosition(web, account.orgId, labelsOfOrg);
  return {
    labels: labels.map(({ id, name, colour }) => ({ id, name, colour })),
    /** The projection position these labels reflect: a change made here shows once projected. */
    position,
    // The palette and the name's limit come as data: contracts is a server-side package.
    colours: LABEL_COLOURS.map((colour) => ({ value: colour, name: COLOUR_NAMES[colour] })),
    maxName: MAX_LABEL_NAME,
  };
}

const SAVED = "Saved. The change shows here and in the inbox in a moment.";

function messageOf(outcome: LabelOutcome) {
  switch (outcome.kind) {
    case "accepted":
      return done(SAVED);
    case "not_found":
      return refused("That label is gone.", 404);
    case "name_taken":
      return refused("You already have a label of that name.", 409);
    case "too_many":
      return refused(`You have ${MAX_LABELS} labels, the most an account may have.`, 409);
  }
}

/** Create, rename/recolour and delete (issue 15): each posts its intent; each change is an event. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { web } = context;
  const account = await requireAccount(context, request);
  const form = await readCheckedForm(context, request);
  const intent = form.get("intent");
  const labelId = form.get("labelId");
  if (intent === "create" || intent === "update") {
    const parsed = parseForm(createLabelBodySchema, form);
    if (!parsed.success) return refused(parsed.error.issues[0]?.message ?? "Check the label", 400);
    if (intent === "create") return messageOf(await createLabel(web, account, parsed.data));
    if (!isUuid(labelId)) return refused("That is not a label.", 400);
    return messageOf(await updateLabel(web, account, labelId, parsed.data));
  }
  if (intent === "delete") {
    if (!isUuid(labelId)) return refused("That is not a label.", 400);
    return messageOf(await deleteLabel(web, account, labelId));
  }
  return refused("Unknown action.", 400);
}

function ColourSelect({
  id,
  value,
  colours,
}: {
  id: string;
  value?: string;
  colours: readonly { value: string; name: string }[];
}) {
  return (
    <select id={id} name="colour" defaultValue={value ?? "blue"} required>
      {colours.map((colour) => (
        <option key={colour.value} value={colour.value}>
          {colour.name}
        </option>
      ))}
    </select>
  );
}

export default function Labels() {
  const { labels, colours, maxName } = useLoaderData<typeof loader>();
  const result = useSettledActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const emptied = useEmptiedOnDone(result, (answer) => answer.ok);
  useLiveUpdates();
  return (
    <div className="settings-grid">
      <section className="card" aria-labelledby="labels-heading">
        <h2 id="labels-heading">Labels</h2>
        <p className="muted">
          Put labels on conversations to sort them (“VIP”, “Invoice due”), then filter the inbox by one. Deleting a
          label takes it off every conversation.
        </p>
        <ActionOutcomeMessage outcome={result} />
        <Form method="post" className="label-create" {...emptied}>
          <CsrfInput />
          <input type="hidden" name="intent" value="create" />
          <label htmlFor="label-new-name">New label</label>
          <input id="label-new-name" name="name" required maxLength={maxName} autoComplete="off" />
          <span className="label-create-colour">
            <label htmlFor="label-new-colour">Colour</label>
            <ColourSelect id="label-new-colour" colours={colours} />
          </span>
          <button type="submit" className="button" disabled={busy}>
            Create label
          </button>
        </Form>
        {labels.length === 0 ? (
          <p className="muted">No labels yet.</p>
        ) : (
          <ul className="label-settings" aria-label="Your labels">
            {labels.map((label) => (
              <li key={label.id}>
                <LabelChip label={label} />
                <Form method="post" className="label-edit" aria-label={`Edit ${label.name}`}>
                  <CsrfInput />
                  <input type="hidden" name="labelId" value={label.id} />
                  <label htmlFor={`label-name-${label.id}`} className="visually-hidden">
                    Name of {label.name}
                  </label>
                  <input
                    id={`label-name-${label.id}`}
                    name="name"
                    required
                    maxLength={maxName}
                    defaultValue={label.name}
                    autoComplete="off"
                  />
                  <label htmlFor={`label-colour-${label.id}`} className="visually-hidden">
                    Colour of {label.name}
                  </label>
                  <ColourSelect id={`label-colour-${label.id}`} value={label.colour} colours={colours} />
                  <button type="submit" name="intent" value="update" className="button small" disabled={busy}>
                    Save
                  </button>
                  <button
                    type="submit"
                    name="intent"
                    value="delete"
                    className="button danger small"
                    disabled={busy}
                    formNoValidate
                    aria-label={`Delete label ${label.name}`}
                  >
                    Delete
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
