import type { ContactErasure } from "../projections/rows.js";
import { sqlArray, sqlLiteral } from "./row-sql.js";
import { quoteIdent } from "./sql-runner.js";

/**
 * The deletes of erased contacts (docs/decisions/010), run before a batch writes its rows so that
 * rows the same batch made afresh after the erasure (the customer writing again) stay. Per erasure:
 * its conversations (those named, and any other of the contact's), their messages, pending
 * statuses and quarantined events (by subject: `<ns>.evt.<org>.<conversation>.<kind>`), the contact.
 */
export function eraseContactsSql(schema: string, erasures: readonly ContactErasure[]): string[] {
  const s = quoteIdent(schema);
  return erasures.flatMap(({ orgId, contactId, conversationIds }) => {
    const org = `${sqlLiteral(orgId)}::uuid`;
    const conversations =
      `(select unnest(${sqlArray(conversationIds, "uuid")}) union ` +
      `select id from ${s}.conversation where org_id = ${org} and contact_id = ${sqlLiteral(contactId)}::uuid)`;
    return [
      `delete from ${s}.quarantine where subject like any (select '%.evt.' || ${sqlLiteral(orgId)} || '.' || c || '.%' from ${conversations} as erased(c))`,
      `delete from ${s}.message where org_id = ${org} and conversation_id in ${conversations}`,
      `delete from ${s}.pending_status where org_id = ${org} and conversation_id in ${conversations}`,
      `delete from ${s}.conversation where org_id = ${org} and id in ${conversations}`,
      `delete from ${s}.contact where org_id = ${org} and id = ${sqlLiteral(contactId)}::uuid`,
    ];
  });
}
