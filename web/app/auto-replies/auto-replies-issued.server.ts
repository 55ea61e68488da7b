import { AUTO_REPLY_REQUESTERS, type SendReply } from "@cloudpa/contracts";
import type { Queryable } from "#app/db/queryable.server.ts";
import type { AutoReplyState } from "./auto-reply.decider.ts";

/**
 * The process manager's state for one conversation's message, from the ledger: which of these
 * commands were issued already, and when the message the conversation's latest away reply
 * answered came. One indexed read (org_id, conversation_id).
 */
export async function autoReplyStateOf(
  db: Queryable,
  orgId: string,
  conversationId: string,
  commandIds: readonly string[],
): Promise<AutoReplyState> {
  const { rows } = await db.query<{ issued: string[]; last_away: Date | null }>(
    `SELECT coalesce(array_agg(command_id::text) FILTER (WHERE command_id = ANY($3::uuid[])), '{}') AS issued,
            max(requested_at) FILTER (WHERE kind = $4) AS last_away
       FROM app.auto_replies_issued WHERE org_id = $1 AND conversation_id = $2`,
    [orgId, conversationId, commandIds, AUTO_REPLY_REQUESTERS.away],
  );
  const row = rows[0];
  return {
    issued: new Set(row?.issued ?? []),
    lastAway: new Map(row?.last_away ? [[conversationId, row.last_away.toISOString()]] : []),
  };
}

/** Records a command as issued, after JetStream stored it; recording it again changes nothing. */
export async function recordIssued(
  db: Queryable,
  command: SendReply,
  kind: string,
  triggerEventId: string,
): Promise<void> {
  await db.query(
    `INSERT INTO app.auto_replies_issued (org_id, command_id, conversation_id, kind, trigger_event_id, requested_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
    [command.orgId, command.commandId, command.conversationId, kind, triggerEventId, command.requestedAt],
  );
}

/**
 * Forgets what was issued to an erased contact's conversations (docs/decisions/010): their ids
 * name the customer. A customer erased who writes again is then greeted as a new one, which they are.
 */
export async function forgetAutoReplies(
  db: Queryable,
  orgId: string,
  conversationIds: readonly string[],
): Promise<number> {
  const { rowCount } = await db.query(
    "DELETE FROM app.auto_replies_issued WHERE org_id = $1 AND conversation_id = ANY($2::uuid[])",
    [orgId, conversationIds],
  );
  return rowCount ?? 0;
}
