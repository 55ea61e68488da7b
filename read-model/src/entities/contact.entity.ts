import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

/**
 * The text the inbox's search matches a customer by: the name the freelancer set, the WhatsApp
 * profile name and the number, as its trigram index is built. On the contact, not the
 * conversation, whose row every message rewrites (docs/decisions/044).
 */
export const CONTACT_SEARCH_TEXT = "(coalesce(name, '') || ' ' || coalesce(profile_name, '') || ' ' || handle)";

/** A customer who wrote to one of the org's channels; id = contactIdFor(orgId, handle). */
export const Contact = defineEntity({
  name: "Contact",
  tableName: "contact",
  properties: {
    id: p.uuid().primary(),
    orgId: p.uuid(),
    /** `whatsapp:+E164` (or a business-scoped id). */
    handle: p.text(),
    waId: p.text().nullable(),
    profileName: p.text().nullable(),
    firstSeenAt: p.datetime().columnType("timestamptz"),
    /** What the freelancer set (issue 15): the name they call them (shown before the profile name), email, company, notes. */
    name: p.text().nullable(),
    email: p.text().nullable(),
    company: p.text().nullable(),
    notes: p.text().nullable(),
  },
  uniques: [
    {
      name: "contact_org_handle_uq",
      expression: (c, table, name) => `create unique index ${name} on ${table} (${c.orgId}, ${c.handle})`,
    },
  ],
  indexes: [
    // The inbox's search by name or number (with the message text's own index on `message`).
    {
      name: "contact_search_trgm_idx",
      expression: (_c, table, name) =>
        `create index ${name} on ${table} using gin (${CONTACT_SEARCH_TEXT} public.gin_trgm_ops)`,
    },
  ],
});
export type ContactRow = InferEntity<typeof Contact>;
