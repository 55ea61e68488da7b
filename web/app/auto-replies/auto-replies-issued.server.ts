import type { SendReply } from "@cloudpa/contracts";
import type { Queryable } from "#app/db/queryable.server.ts";

/** Which of these commands the auto-replier already issued (the process manager's state). */
export async function issuedAmong(db: Queryable, orgId: string, commandIds: readonly string[]): Promise<Set<string>> {
  if (commandIds.length === 0) return new Set();
  const { rows } = await db.query<{ command_id: string }>(
    "SELECT command_id FROM app.auto_replies_issued WHERE org_id = $1 AND command_id = ANY($2::uuid[])",
    [orgId, commandIds],
  );
  return new Set(rows.map((row) => row.command_id));
}

/** Records a command as issued, after JetStream stored it; recording it again changes nothing. */
export async function recordIssued(
  db: Queryable,
  command: SendReply,
  kind: string,
  triggerEventId: string,
): Promise<void> {
  await db.query(
    `INSERT INTO app.auto_replies_issued (org_id, command_id, conversation_id, kind, trigger_event_id)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [command.orgId, command.commandId, command.conversationId, kind, triggerEventId],
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
