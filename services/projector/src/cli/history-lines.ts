import { type ConversationHistory, conversationSummaryOf, type HistoryEntry, outcomeOf } from "@cloudpa/read-model";
import { eventLine } from "./event-lines.js";
import type { Paint, Style } from "./terminal-style.js";

const OUTCOME_MARK: Record<ReturnType<typeof outcomeOf>["kind"], [Style, string]> = {
  row: ["green", "→"],
  quarantined: ["red", "✗"],
  untrusted: ["red", "✗"],
  not_projected: ["yellow", "…"],
  no_row: ["yellow", "·"],
};

/** Under an event's line: the row it produced now, or why there is none. */
export function outcomeLine(entry: HistoryEntry, checkpoint: number, paint: Paint): string {
  const outcome = outcomeOf(entry, checkpoint);
  const [style, mark] = OUTCOME_MARK[outcome.kind];
  return `      ${paint(style, mark)} ${outcome.kind === "row" ? outcome.text : paint(style, outcome.text)}`;
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
