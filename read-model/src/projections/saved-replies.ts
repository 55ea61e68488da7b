import type { SavedReplyEvent } from "@cloudpa/contracts";
import type { ProjectionResult, RowLookup, SavedReplyRecord } from "./rows.js";
import { unchanged } from "./rows.js";

/**
 * Saved replies (issue 15): created once (a repeat changes nothing), edited and deleted only as
 * their own org's; a deleted one keeps its row with its body emptied, so nothing brings it back.
 * An edit that changes nothing, or any change to an unknown, another org's or a deleted saved
 * reply, changes nothing.
 */
export function projectSavedReply(rows: RowLookup, event: SavedReplyEvent): ProjectionResult {
  const row = savedReplyAfter(rows.savedReply(event.savedReplyId), event);
  return row ? { changes: [{ table: "saved_reply", row }] } : unchanged;
}

function savedReplyAfter(saved: SavedReplyRecord | undefined, event: SavedReplyEvent): SavedReplyRecord | null {
  if (event.type === "SavedReplyCreated") {
    if (saved) return null;
    return {
      id: event.savedReplyId,
      orgId: event.orgId,
      name: event.name,
      shortcut: event.shortcut,
      body: event.body,
      createdAt: new Date(event.at),
      editedAt: null,
      deletedAt: null,
    };
  }
  if (!saved || saved.orgId !== event.orgId || saved.deletedAt !== null) return null;
  switch (event.type) {
    case "SavedReplyEdited": {
      const same = saved.name === event.name && saved.shortcut === event.shortcut && saved.body === event.body;
      if (same) return null;
      const { name, shortcut, body } = event;
      return { ...saved, name, shortcut, body, editedAt: new Date(event.at) };
    }
    case "SavedReplyDeleted":
      return { ...saved, body: "", deletedAt: new Date(event.at) };
    default: {
      const unhandled: never = event;
      throw new Error(`no saved reply projection for ${(unhandled as { type: string }).type}`);
    }
  }
}
