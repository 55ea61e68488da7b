import type { z } from "zod";
import type { Authenticated } from "#app/accounts/authenticate.server.ts";
import { apiError, apiJson } from "#app/api/api-response.server.ts";
import { type contactErasedSchema, eraseContactBodySchema } from "#app/api/api-schemas.ts";
import { jsonBodyOf } from "#app/api/json-body.server.ts";
import { withAuth } from "#app/api/messaging-api.server.ts";
import type { WebContext } from "#app/web-context.server.ts";
import { exportContact } from "./contact-export.server.ts";
import { contactOfOrg } from "./contact-of-org.server.ts";
import { confirmsHandle } from "./erase-confirmation.ts";
import { eraseContact } from "./erase-contact.server.ts";

const notFound = () => apiError(404, "CONTACT.NOT_FOUND", "No such contact");

/**
 * `GET /api/v1/messaging/contacts/:id/export` (scope `read`): a JSON file of everything kept about
 * the contact. The API's gate applies (rate limit, token expiry, scope).
 */
export function exportContactResponse(
  web: WebContext,
  request: Request,
  contactId: string,
  clientIp = "unknown",
): Promise<Response> {
  return withAuth(web, request, "read", clientIp, async (web, { account }) => {
    const file = await exportContact(web, account.orgId, contactId);
    if (!file) return notFound();
    return new Response(JSON.stringify(file, null, 2), {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="contact-${file.contact.id}.json"`,
        "cache-control": "no-store",
      },
    });
  });
}

/**
 * `POST /api/v1/messaging/contacts/:id/erase` `{"confirm": "<the contact's number>"}` (scope
 * `send`, the API's write scope): erases the contact everywhere (docs/decisions/010). 200 with what
 * was erased; 404 for an unknown contact, another org's, or one already erased. Calling it again
 * after an interruption finishes the job.
 */
export function eraseContactResponse(
  web: WebContext,
  request: Request,
  contactId: string,
  clientIp = "unknown",
): Promise<Response> {
  return withAuth(web, request, "send", clientIp, (web, auth) => eraseAfterChecks(web, auth, request, contactId));
}

async function eraseAfterChecks(
  web: WebContext,
  auth: Authenticated,
  request: Request,
  contactId: string,
): Promise<Response> {
  const read = await jsonBodyOf(request, auth.via);
  if (!read.ok) return read.response;
  const parsed = eraseContactBodySchema.safeParse(read.body);
  if (!parsed.success) return apiError(400, "REQUEST.INVALID", 'Send {"confirm": "<the contact\'s number>"}');
  const contact = await contactOfOrg(web, auth.account.orgId, contactId);
  if (!contact) return notFound();
  if (!confirmsHandle(parsed.data.confirm, contact.handle))
    return apiError(400, "CONTACT.ERASE_NOT_CONFIRMED", "confirm must be the contact's number");
  const outcome = await eraseContact(web, auth.account, contact.id);
  if (outcome.kind === "not_found") return notFound();
  return apiJson({
    contactId: outcome.event.contactId,
    conversationIds: outcome.event.conversationIds,
    erased: outcome.event.erased,
    erasedAt: outcome.event.erasedAt,
    recordSeq: outcome.seq,
  } satisfies z.input<typeof contactErasedSchema>);
}
