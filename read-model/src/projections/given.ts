import type { CloudpaEvent } from "@cloudpa/contracts";
import { ReadModelWorkspace } from "../store/workspace.js";
import type { ProjectionResult } from "./rows.js";

/** Test helper: the read model after `events`, folded through the pure projections from nothing. */
export function given(events: CloudpaEvent[]) {
  const workspace = new ReadModelWorkspace();
  const results: ProjectionResult[] = events.map((event) => workspace.project(event));
  return {
    workspace,
    results,
    rejections: results.flatMap((result) => ("rejected" in result ? [result.rejected] : [])),
    conversations: () => [...workspace.conversations.values()],
    messages: () => [...workspace.messages.values()],
    contacts: () => [...workspace.contacts.values()],
    chatAccounts: () => [...workspace.chatAccounts.values()],
    pending: () => [...workspace.pendingStatuses.values()],
  };
}
