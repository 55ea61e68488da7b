import { isUuid } from "@cloudpa/contracts";
import { quotedSchema } from "@cloudpa/read-model";
import type { WebContext } from "#app/web-context.server.ts";

export interface ContactOfOrg {
  id: string;
  orgId: string;
  /** `whatsapp:+E164` (or a WhatsApp id): what the user types to confirm an erasure. */
  handle: string;
  /** Every conversation of the contact (one per channel). */
  conversationIds: string[];
}

/** A contact of the org with its conversations; another org's contact is as absent as none. */
export async function contactOfOrg(
  web: Pick<WebContext, "db" | "readModelSchema">,
  orgId: string,
  contactId: string,
): Promise<ContactOfOrg | undefined> {
  if (!isUuid(contactId)) return undefined;
  const s = quotedSchema(web.readModelSchema);
  const { rows } = await web.db.query<{ id: string; handle: string; conversation_ids: string[] }>(
    `SELECT c.id, c.handle, coalesce(array_agg(v.id) FILTER (WHERE v.id IS NOT NULL), '{}') AS conversation_ids
       FROM ${s}.contact c LEFT JOIN ${s}.conversation v ON v.org_id = c.org_id AND v.contact_id = c.id
      WHERE c.id = $1 AND c.org_id = $2
      GROUP BY c.id, c.handle`,
    [contactId, orgId],
  );
  const row = rows[0];
  return row && { id: row.id, orgId, handle: row.handle, conversationIds: row.conversation_ids };
}
