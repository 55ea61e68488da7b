import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

/** A customer who wrote to one of the org's channels; id = contactIdFor(orgId, handle). */
export const Contact = defineEntity({
  name: "Contact",
  tableName: "contact",
  properties: {
    id: p.uuid().primary(),
    orgId: p.uuid(),
    /** `whatsapp:+E164` (or a business-scoped id). */
    handle: p.string(),
    waId: p.string().nullable(),
    profileName: p.string().nullable(),
    firstSeenAt: p.datetime().columnType("timestamptz"),
  },
});
export type ContactRow = InferEntity<typeof Contact>;
