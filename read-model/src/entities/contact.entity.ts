import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

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
});
export type ContactRow = InferEntity<typeof Contact>;
