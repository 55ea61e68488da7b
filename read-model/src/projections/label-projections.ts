import type { ConversationLabelChanged, LabelChanged } from "@cloudpa/contracts";
import type { LabelRecord, ProjectionResult, RowLookup } from "./rows.js";
import { unchanged } from "./rows.js";

const putLabel = (row: LabelRecord): ProjectionResult => ({ changes: [{ table: "label", row }] });

/**
 * Create, rename, recolour and delete a label (issue 15). A label is created once (a repeat
 * changes nothing); a change to an unknown label, or to another org's, changes nothing; a deleted
 * label goes, and with it from every conversation of its org.
 */
export function projectLabelChanged(rows: RowLookup, event: LabelChanged): ProjectionResult {
  const label = rows.label(event.labelId);
  if (event.type === "LabelCreated") {
    if (label) return unchanged;
    return putLabel({
      id: event.labelId,
      orgId: event.orgId,
      name: event.name,
      colour: event.colour,
      createdAt: new Date(event.at),
    });
  }
  if (!label || label.orgId !== event.orgId) return unchanged;
  switch (event.type) {
    case "LabelRenamed":
      return label.name === event.name ? unchanged : putLabel({ ...label, name: event.name });
    case "LabelRecoloured":
      return label.colour === event.colour ? unchanged : putLabel({ ...label, colour: event.colour });
    case "LabelDeleted":
      return { changes: [{ labelDeleted: { orgId: event.orgId, labelId: event.labelId } }] };
    default: {
      const unhandled: never = event;
      throw new Error(`no label projection for ${(unhandled as { type: string }).type}`);
    }
  }
}

/**
 * A label put on a conversation, or taken off (issue 15): both of the event's org. A label that
 * does not exist (never created, or deleted since) is not put on; putting one on twice, or taking
 * off one that is not on, changes nothing.
 */
export function projectConversationLabel(rows: RowLookup, event: ConversationLabelChanged): ProjectionResult {
  const conversation = rows.conversation(event.conversationId);
  if (!conversation || conversation.orgId !== event.orgId) return unchanged;
  const has = conversation.labelIds.includes(event.labelId);
  if (event.type === "ConversationLabelled") {
    const label = rows.label(event.labelId);
    if (has || !label || label.orgId !== event.orgId) return unchanged;
    return {
      changes: [{ table: "conversation", row: { ...conversation, labelIds: [...conversation.labelIds, label.id] } }],
    };
  }
  if (!has) return unchanged;
  const labelIds = conversation.labelIds.filter((id) => id !== event.labelId);
  return { changes: [{ table: "conversation", row: { ...conversation, labelIds } }] };
}
