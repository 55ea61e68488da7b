import { contactCard } from "@cloudpa/read-model";
import { data } from "@remix-run/node";
import type { Account } from "#app/accounts/accounts.server.ts";
import { parseForm } from "#app/forms/form-schema.ts";
import type { WebContext } from "#app/web-context.server.ts";
import { contactDetailsBodySchema, detailsOf, updateContactDetails } from "./contact-details.server.ts";

/** The conversation view's contact form (issue 15): the contact of this conversation takes the details posted. */
export async function contactFormAction(web: WebContext, account: Account, conversationId: string, form: FormData) {
  const parsed = parseForm(contactDetailsBodySchema, form);
  if (!parsed.success)
    return data({ ok: false as const, error: parsed.error.issues[0]?.message ?? "Invalid details" }, { status: 400 });
  const card = await contactCard(web.db, { orgId: account.orgId, conversationId, schema: web.readModelSchema });
  if (!card) throw new Response("Not found", { status: 404 });
  const outcome = await updateContactDetails(web, account, card.id, detailsOf(parsed.data), conversationId);
  if (outcome.kind === "not_found") throw new Response("Not found", { status: 404 });
  return data({ ok: true as const }, { status: 202 });
}
