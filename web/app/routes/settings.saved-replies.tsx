import { isUuid } from "@cloudpa/contracts";
import { MAX_SAVED_REPLIES, savedRepliesOfOrg } from "@cloudpa/read-model";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfInput } from "#app/components/csrf-input";
import { useEmptiedOnDone } from "#app/components/emptied-on-done.ts";
import { useLiveUpdates } from "#app/components/live-updates";
import { useSettledActionData } from "#app/components/settled-action-data.ts";
import { CONTACT_FIELDS } from "#app/conversation/saved-replies/fill-fields.ts";
import savedReplyStyles from "#app/conversation/saved-replies/saved-replies.css?url";
import { done, refused } from "#app/forms/action-outcome.server.ts";
import { ActionOutcomeMessage } from "#app/forms/action-outcome.tsx";
import { parseForm } from "#app/forms/form-schema.ts";
import { readOrgViewAtProjectionPosition } from "#app/live/projection-position.server.ts";
import {
  createSavedReply,
  deleteSavedReply,
  editSavedReply,
  type SavedReplyOutcome,
} from "#app/saved-replies/saved-replies.server.ts";
import { SAVED_REPLY_LIMITS, savedReplyFormSchema } from "#app/saved-replies/saved-reply-schemas.ts";
import { readCheckedForm, requireAccount } from "#app/web.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: savedReplyStyles }];

export const meta: MetaFunction = () => [{ title: "Saved replies · Settings · Cloud PA" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await requireAccount(context, request);
  const { web } = context;
  const { position, value: replies } = await readOrgViewAtProjectionPosition(web, account.orgId, savedRepliesOfOrg);
  return {
    replies: replies.map(({ id, name, shortcut, body }) => ({ id, name, shortcut, body })),
    /** The projection position these replies reflect: a change made here shows once projected. */
    position,
    limits: SAVED_REPLY_LIMITS,
  };
}

const SAVED = "Saved. The change shows here and in the composer in a moment.";

function messageOf(outcome: SavedReplyOutcome) {
  switch (outcome.kind) {
    case "accepted":
      return done(SAVED);
    case "not_found":
      return refused("That saved reply is gone.", 404);
    case "taken":
      return refused(`You already have a saved reply of that ${outcome.field}.`, 409);
    case "too_many":
      return refused(`You have ${MAX_SAVED_REPLIES} saved replies, the most an account may have.`, 409);
  }
}

/** Create, edit and delete (issue 15): each posts its intent; each change is an event. */
export async function action({ request, context }: ActionFunctionArgs) {
  const { web } = context;
  const account = await requireAccount(context, request);
  const form = await readCheckedForm(context, request);
  const intent = form.get("intent");
  const savedReplyId = form.get("savedReplyId");
  if (intent === "create" || intent === "edit") {
    const parsed = parseForm(savedReplyFormSchema, form);
    if (!parsed.success) return refused(parsed.error.issues[0]?.message ?? "Check the saved reply", 400);
    if (intent === "create") return messageOf(await createSavedReply(web, account, parsed.data));
    if (!isUuid(savedReplyId)) return refused("That is not a saved reply.", 400);
    return messageOf(await editSavedReply(web, account, savedReplyId, parsed.data));
  }
  if (intent === "delete") {
    if (!isUuid(savedReplyId)) return refused("That is not a saved reply.", 400);
    return messageOf(await deleteSavedReply(web, account, savedReplyId));
  }
  return refused("Unknown action.", 400);
}

type Limits = typeof SAVED_REPLY_LIMITS;

/** The three fields of a saved reply, for a new one or one to edit; `id` tells their labels apart. */
function SavedReplyFields({
  id,
  limits,
  value,
}: {
  id: string;
  limits: Limits;
  value?: { name: string; shortcut: string; body: string };
}) {
  return (
    <>
      <label htmlFor={`${id}-name`}>Name</label>
      <input
        id={`${id}-name`}
        name="name"
        required
        maxLength={limits.name}
        defaultValue={value?.name}
        autoComplete="off"
      />
      <label htmlFor={`${id}-shortcut`}>Shortcut</label>
      <span className="saved-reply-shortcut-field">
        <span aria-hidden="true">/</span>
        <input
          id={`${id}-shortcut`}
          name="shortcut"
          required
          maxLength={limits.shortcut}
          pattern="[a-z0-9_\-]+"
          title="Lower-case letters, digits, - and _"
          defaultValue={value?.shortcut}
          autoComplete="off"
          aria-describedby="saved-reply-shortcut-help"
        />
      </span>
      <label htmlFor={`${id}-body`}>Text</label>
      <textarea
        id={`${id}-body`}
        name="body"
        required
        rows={3}
        maxLength={limits.body}
        defaultValue={value?.body}
        aria-describedby="saved-reply-fields-help"
      />
    </>
  );
}

export default function SavedReplies() {
  const { replies, limits } = useLoaderData<typeof loader>();
  const result = useSettledActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const emptied = useEmptiedOnDone(result, (answer) => answer.ok);
  useLiveUpdates();
  return (
    <div className="settings-grid">
      <section className="card" aria-labelledby="saved-replies-heading">
        <h2 id="saved-replies-heading">Saved replies</h2>
        <p className="muted" id="saved-reply-shortcut-help">
          Answers you give often. In a conversation, type <kbd>/</kbd> and the shortcut at the start of the reply box
          (or press “Saved replies”), then Enter to insert one.
        </p>
        <p className="muted" id="saved-reply-fields-help">
          Fields filled from the contact:{" "}
          {Object.entries(CONTACT_FIELDS).map(([field, what], at) => (
            <span key={field}>
              {at > 0 ? ", " : null}
              <code>{`{{${field}}}`}</code> ({what})
            </span>
          ))}
          . Any other <code>{"{{field}}"}</code>, or one the contact has no value for, is left highlighted for you to
          fill before sending.
        </p>
        <ActionOutcomeMessage outcome={result} />
        <Form method="post" className="saved-reply-form" aria-label="New saved reply" {...emptied}>
          <CsrfInput />
          <input type="hidden" name="intent" value="create" />
          <SavedReplyFields id="saved-reply-new" limits={limits} />
          <button type="submit" className="button" disabled={busy}>
            Create saved reply
          </button>
        </Form>
        {replies.length === 0 ? (
          <p className="muted">No saved replies yet.</p>
        ) : (
          <ul className="saved-reply-settings" aria-label="Your saved replies">
            {replies.map((reply) => (
              <li key={reply.id}>
                <Form method="post" className="saved-reply-form" aria-label={`Edit saved reply ${reply.name}`}>
                  <CsrfInput />
                  <input type="hidden" name="savedReplyId" value={reply.id} />
                  <SavedReplyFields id={`saved-reply-${reply.id}`} limits={limits} value={reply} />
                  <div className="saved-reply-actions">
                    <button type="submit" name="intent" value="edit" className="button small" disabled={busy}>
                      Save
                    </button>
                    <button
                      type="submit"
                      name="intent"
                      value="delete"
                      className="button danger small"
                      disabled={busy}
                      formNoValidate
                      aria-label={`Delete saved reply ${reply.name}`}
                    >
                      Delete
                    </button>
                  </div>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
