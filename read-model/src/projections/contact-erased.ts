import type { ContactErased } from "@cloudpa/contracts";
import type { ProjectionResult } from "./rows.js";

/**
 * The contact's personal data was erased (docs/decisions/010): every row of the contact and of its
 * conversations goes, in the batch's transaction. Only rows of the event's own org are touched.
 * Whatever the stream holds after this event (the customer writing again) starts afresh.
 */
export function projectContactErased(event: ContactErased): ProjectionResult {
  return {
    changes: [
      { erased: { orgId: event.orgId, contactId: event.contactId, conversationIds: [...event.conversationIds] } },
    ],
  };
}
