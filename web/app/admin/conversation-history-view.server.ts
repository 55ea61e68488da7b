import {
  conversationHistory,
  conversationSummaryOf,
  eventSummaryOf,
  type OutcomeKind,
  outcomeOf,
  subjectPartsOf,
  typeOf,
} from "@cloudpa/read-model";
import type { WebContext } from "#app/web-context.server.ts";

export interface HistoryEntryView {
  seq: number;
  storedAt: string;
  type: string;
  orgId: string;
  subject: string;
  summary: string;
  signature: { valid: boolean; text: string };
  outcome: { kind: OutcomeKind; text: string };
  headers: [string, string][];
  /** The payload as stored, pretty-printed (untrusted when the signature is not valid). */
  payload: string;
}

export interface ConversationHistoryView {
  conversationId: string;
  orgId: string | null;
  stream: string;
  checkpoint: number;
  entries: HistoryEntryView[];
  conversations: { orgId: string; summary: string }[];
}

/**
 * A conversation's history as the admin page shows it: read-model's `conversationHistory` (the
 * same core as `cloudpa conversation history`), put into text on the server so that the page
 * gets strings only. The caller has checked that the user is an operator.
 */
export async function conversationHistoryView(
  web: WebContext,
  conversationId: string,
  orgId?: string,
): Promise<ConversationHistoryView> {
  const keyring = web.env.EVENT_PUBLIC_KEYS;
  if (!keyring) {
    throw new Response("This web has no EVENT_PUBLIC_KEYS, so it cannot verify the stream's events.", {
      status: 503,
    });
  }
  const history = await conversationHistory({
    js: web.js,
    names: web.names,
    db: web.db,
    keyring,
    conversationId,
    orgId,
    schema: web.readModelSchema,
  });
  return {
    conversationId: history.conversationId,
    orgId: history.orgId,
    stream: history.stream,
    checkpoint: history.checkpoint,
    entries: history.entries.map((entry) => ({
      seq: entry.seq,
      storedAt: entry.storedAt,
      type: typeOf(entry),
      orgId: subjectPartsOf(entry.subject).orgId,
      subject: entry.subject,
      summary: entry.event ? eventSummaryOf(entry.event) : entry.signature.valid ? "" : entry.signature.reason,
      signature: entry.signature.valid
        ? { valid: true, text: `signed by ${entry.signature.keyId}` }
        : { valid: false, text: `${entry.signature.code}: ${entry.signature.reason}` },
      outcome: outcomeOf(entry, history.checkpoint),
      headers: Object.entries(entry.headers),
      payload: typeof entry.payload === "string" ? entry.payload : JSON.stringify(entry.payload, null, 2),
    })),
    conversations: history.conversations.map((row) => ({ orgId: row.orgId, summary: conversationSummaryOf(row) })),
  };
}
