import { describe, expect, it } from "vitest";
import { migratedDatabase } from "../testing/migrated-database.js";
import { conversationsKept } from "./conversations-kept.query.js";

// A device's drafts (decision 046) are kept for the conversations its org still has.
describe("the conversations an org still has, of those a device keeps drafts to", () => {
  const bed = migratedDatabase();
  const orgId = "7c9e6679-7425-40de-944b-e07fc1f90b01";
  const otherOrgId = "0f8fad5b-d9cb-469f-a165-70867728950e";
  const kept = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";
  const erased = "6fa459ea-ee8a-3ca4-894e-db77e160355e";
  const othersConversation = "886313e1-3b8a-5372-9b90-0c9aee199e5d";

  it("answers the org's own that are left, and never another org's", async () => {
    await bed.client.query(
      `insert into readmodel.conversation (id, org_id, chat_account_id, contact_id, contact_handle, contact_display_name,
              status, created_at)
       values ($1, $2, $2, $1, 'whatsapp:+441', 'Kept', 'open', now()),
              ($3, $4, $4, $3, 'whatsapp:+442', 'Other', 'open', now())`,
      [kept, orgId, othersConversation, otherOrgId],
    );
    const ids = [kept, erased, othersConversation];
    expect(await conversationsKept(bed.client, { orgId, ids })).toEqual([kept]);
    expect(await conversationsKept(bed.client, { orgId: otherOrgId, ids })).toEqual([othersConversation]);
    expect(await conversationsKept(bed.client, { orgId, ids: [] })).toEqual([]);
  });
});
