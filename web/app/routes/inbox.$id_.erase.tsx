import { contactIdFor, isUuid } from "@cloudpa/contracts";
import { conversationPage } from "@cloudpa/read-model";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect } from "react";
import { CsrfInput } from "#app/components/csrf-input";
import { useForgetDrafts } from "#app/conversation/drafts/use-draft.ts";
import { contactOfOrg } from "#app/erasure/contact-of-org.server.ts";
import { confirmsHandle, eraseConfirmationSchema } from "#app/erasure/erase-confirmation.ts";
import { eraseContact } from "#app/erasure/erase-contact.server.ts";
import { formFields, parseForm } from "#app/forms/form-schema.ts";
import { shownHandle } from "#app/inbox/shown-handle.ts";
import { readCheckedForm, requireAccount } from "#app/web.server";

export const meta: MetaFunction = () => [{ title: "Erase a contact · Cloud PA" }];

/** The contact of the conversation `:id`, if the conversation is the account's org's. */
async function contactOfConversation(context: LoaderFunctionArgs["context"], orgId: string, conversationId: string) {
  const { web } = context;
  const page = isUuid(conversationId)
    ? await conversationPage(web.db, { orgId, conversationId, limit: 1, schema: web.readModelSchema })
    : undefined;
  const contact = page && (await contactOfOrg(web, orgId, contactIdFor(orgId, page.contactHandle)));
  return page && contact ? { page, contact } : undefined;
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const account = await requireAccount(context, request);
  const found = await contactOfConversation(context, account.orgId, params.id ?? "");
  if (!found) throw new Response("Not found", { status: 404 });
  return {
    conversationId: found.page.id,
    contactId: found.contact.id,
    name: shownHandle(found.page.contactDisplayName),
    number: shownHandle(found.contact.handle),
    conversations: found.contact.conversationIds.length,
    conversationIds: found.contact.conversationIds,
    fields: formFields(eraseConfirmationSchema),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const account = await requireAccount(context, request);
  const form = await readCheckedForm(context, request);
  const found = await contactOfConversation(context, account.orgId, params.id ?? "");
  if (!found) throw new Response("Not found", { status: 404 });
  const confirmation = parseForm(eraseConfirmationSchema, form);
  if (!confirmation.success || !confirmsHandle(confirmation.data.confirm, found.contact.handle))
    return data(
      { ok: false as const, error: "Type the contact's number exactly as shown to confirm." },
      { status: 400 },
    );
  const outcome = await eraseContact(context.web, account, found.contact.id);
  if (outcome.kind === "not_found") throw new Response("Not found", { status: 404 });
  // Away from this page: once the record is projected its loader finds nothing (404). The counts
  // are all the next page needs; no name or number goes into a URL.
  const { events, commands, outboundRecords } = outcome.event.erased;
  return redirect(`/inbox/erased?events=${events}&commands=${commands}&records=${outboundRecords}`);
}

export default function EraseContact() {
  const contact = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const forgetDrafts = useForgetDrafts();
  // Erased, the contact's conversations leave nothing half-written to them on this device either.
  const erased = navigation.state === "loading" && navigation.location.pathname === "/inbox/erased";
  useEffect(() => {
    if (erased) forgetDrafts(contact.conversationIds);
  }, [erased, contact.conversationIds, forgetDrafts]);
  return (
    <article className="conversation erase-contact" aria-labelledby="erase-title">
      <div className="card">
        <h2 id="erase-title">Erase {contact.name}?</h2>
        <p>
          This deletes every message, reply, delivery status and record of <strong>{contact.number}</strong>
          {contact.conversations > 1 ? ` in all ${contact.conversations} conversations` : ""}, for good: from the inbox,
          from the event store and from anything derived from it. Cloud PA keeps only a note that a contact was erased,
          without their number or words. It cannot be undone;{" "}
          <a href={`/api/v1/messaging/contacts/${contact.contactId}/export`} download>
            export their data
          </a>{" "}
          first if you need it.
        </p>
        <Form method="post">
          <CsrfInput />
          <label className="field">
            <span>Type {contact.number} to confirm</span>
            <input {...contact.fields.confirm} autoComplete="off" aria-invalid={result ? true : undefined} />
          </label>
          {result ? (
            <p className="form-error" role="alert">
              {result.error}
            </p>
          ) : null}
          <p className="inline-actions">
            <button type="submit" className="button danger" disabled={navigation.state === "submitting"}>
              {navigation.state === "submitting" ? "Erasing…" : "Erase for good"}
            </button>{" "}
            <Link to={`/inbox/${contact.conversationId}`} className="button ghost">
              Cancel
            </Link>
          </p>
        </Form>
      </div>
    </article>
  );
}
