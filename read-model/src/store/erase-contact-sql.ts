import type { ContactErasure } from "../projections/rows.js";
import { quoteIdent } from "./sql-runner.js";
import { type SqlStatement, statement, type ValueMode } from "./sql-statement.js";

/**
 * The deletes of erased contacts (docs/decisions/010), run before a batch writes its rows so that
 * rows the same batch made afresh after the erasure (the customer writing again) stay. Per erasure:
 * its conversations (those named, and any other of the contact's), their messages, private notes, pending
 * statuses and quarantined events (by subject: `<ns>.evt.p<k>.<org>.<conversation>.<kind>`, or without
 * `p<k>` from before partitions, docs/decisions/019), the contact.
 */
export function eraseContactsStatements(
  schema: string,
  erasures: readonly ContactErasure[],
  mode: ValueMode,
): SqlStatement[] {
  const s = quoteIdent(schema);
  return erasures.flatMap(({ orgId, contactId, conversationIds }) => {
    /** A delete whose condition uses the erasure's values, each rendered once where used. */
    const erase = (build: (erasure: ErasureValues) => string) =>
      statement(mode, (values) => {
        const org = values.scalar(orgId, "uuid");
        let contact: string | undefined;
        const contactValue = () => {
          contact ??= values.scalar(contactId, "uuid");
          return contact;
        };
        return build({
          org,
          orgText: () => values.scalar(orgId, "text"),
          contact: contactValue,
          conversations: () =>
            `(select unnest(${values.array(conversationIds, "uuid")}) union ` +
            `select id from ${s}.conversation where org_id = ${org} and contact_id = ${contactValue()})`,
        });
      });
    return [
      erase(
        ({ orgText, conversations }) =>
          `delete from ${s}.quarantine where subject like any (select '%.evt.%' || ${orgText()} || '.' || c || '.%' from ${conversations()} as erased(c))`,
      ),
      erase(
        ({ org, conversations }) =>
          `delete from ${s}.message where org_id = ${org} and conversation_id in ${conversations()}`,
      ),
      erase(
        ({ org, conversations }) =>
          `delete from ${s}.conversation_note where org_id = ${org} and conversation_id in ${conversations()}`,
      ),
      erase(
        ({ org, conversations }) =>
          `delete from ${s}.pending_status where org_id = ${org} and conversation_id in ${conversations()}`,
      ),
      erase(
        ({ org, conversations }) => `delete from ${s}.conversation where org_id = ${org} and id in ${conversations()}`,
      ),
      erase(({ org, contact }) => `delete from ${s}.contact where org_id = ${org} and id = ${contact()}`),
    ];
  });
}

interface ErasureValues {
  /** The org, as a uuid. */
  org: string;
  /** The org as text, as subjects hold it. */
  orgText(): string;
  contact(): string;
  /** The erased conversations: those named, and any other of the contact's. */
  conversations(): string;
}
