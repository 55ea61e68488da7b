import { type ConversationHistory, conversationSummaryOf, type HistoryEntry, rowSummaryOf } from "@cloudpa/read-model";
import { eventLine } from "./event-lines.js";
import type { Paint } from "./terminal-style.js";

/** Under an event's line: the row it produced now, or why there is none. */
export function outcomeLine(entry: HistoryEntry, checkpoint: number, paint: Paint): string {
  const indent = "      ";
  if (entry.quarantine) {
    return `${indent}${paint("red", `✗ quarantined ${entry.quarantine.reasonCode}: ${entry.quarantine.reason}`)}`;
  }
  if (!entry.projected) return `${indent}${paint("yellow", `… not projected yet (read model at ${checkpoint})`)}`;
  if (entry.row) return `${indent}${paint("green", "→")} ${rowSummaryOf(entry.row)}`;
  if (!entry.event) return `${indent}${paint("red", "✗ not trusted, and not in quarantine")}`;
  return `${indent}${paint("yellow", "· no row in the read model for it")}`;
}

/** Every event of a conversation with what it produced, then the conversation's row now. */
export function historyText(history: ConversationHistory, paint: Paint): string {
  const scope = history.orgId ? `org ${history.orgId}` : "any org";
  const lines = [
    paint(
      "bold",
      `conversation ${history.conversationId} (${scope}): ${history.entries.length} events in ${history.stream}, read model at ${history.checkpoint}`,
    ),
  ];
  for (const entry of history.entries) {
    lines.push(eventLine(entry, paint));
    lines.push(outcomeLine(entry, history.checkpoint, paint));
  }
  if (history.conversations.length === 0) lines.push(paint("yellow", "no conversation row in the read model"));
  for (const conversation of history.conversations) {
    lines.push(`${paint("bold", "now")}  org ${conversation.orgId}: ${conversationSummaryOf(conversation)}`);
  }
  return lines.join("\n");
}
