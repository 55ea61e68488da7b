import { randomUUID } from "node:crypto";
import type { Account } from "#app/accounts/accounts.server.ts";
import type { Queryable } from "#app/db/queryable.server.ts";
import type { PushSubscriptionInput } from "./push-subscription-input.ts";

/** One device that receives the user's pushes, as Settings lists it. */
export interface PushDevice {
  id: string;
  name: string;
  createdAt: Date;
  lastPushedAt: Date | null;
  /** The push service's endpoint: the page compares it with its own subscription to say "this device". */
  endpoint: string;
}

/** Where to push for an org's new message: every subscription of its members, with each user's preview choice. */
export interface PushTarget {
  id: string;
  userId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  preview: boolean;
}

/**
 * Stores this device's subscription for the user (one row per endpoint: a browser that subscribes
 * again, or is signed in by another user now, takes its row over with its new keys).
 */
export async function savePushSubscription(
  db: Queryable,
  account: Account,
  input: PushSubscriptionInput,
  name: string,
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO app.push_subscriptions (id, user_id, org_id, endpoint, p256dh, auth, name)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (endpoint) DO UPDATE
       SET user_id = $2, org_id = $3, p256dh = $5, auth = $6,
           name = CASE WHEN app.push_subscriptions.user_id = $2 THEN app.push_subscriptions.name ELSE $7 END
     RETURNING id`,
    [randomUUID(), account.userId, account.orgId, input.endpoint, input.keys.p256dh, input.keys.auth, name],
  );
  return rows[0]!.id;
}

export async function listPushDevices(db: Queryable, account: Account): Promise<PushDevice[]> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    created_at: Date;
    last_pushed_at: Date | null;
    endpoint: string;
  }>(
    `SELECT id, name, created_at, last_pushed_at, endpoint FROM app.push_subscriptions
      WHERE user_id = $1 AND org_id = $2 ORDER BY created_at, id`,
    [account.userId, account.orgId],
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    lastPushedAt: row.last_pushed_at,
    endpoint: row.endpoint,
  }));
}

/** Renames one of the user's devices; false when it is not theirs (or gone). */
export async function renamePushDevice(db: Queryable, account: Account, id: string, name: string): Promise<boolean> {
  const { rowCount } = await db.query(
    "UPDATE app.push_subscriptions SET name = $4 WHERE id = $1 AND user_id = $2 AND org_id = $3",
    [id, account.userId, account.orgId, name],
  );
  return (rowCount ?? 0) > 0;
}

/** Removes one of the user's devices; false when it is not theirs (or gone). */
export async function removePushDevice(db: Queryable, account: Account, id: string): Promise<boolean> {
  const { rowCount } = await db.query(
    "DELETE FROM app.push_subscriptions WHERE id = $1 AND user_id = $2 AND org_id = $3",
    [id, account.userId, account.orgId],
  );
  return (rowCount ?? 0) > 0;
}

/** Every subscription of the org's members, each with its user's preview choice. */
export async function pushTargetsOfOrg(db: Queryable, orgId: string): Promise<PushTarget[]> {
  const { rows } = await db.query<{
    id: string;
    user_id: string;
    endpoint: string;
    p256dh: string;
    auth: string;
    preview: boolean;
  }>(
    `SELECT s.id, s.user_id, s.endpoint, s.p256dh, s.auth, coalesce(n.push_preview, true) AS preview
       FROM app.push_subscriptions s
       JOIN app.memberships m ON m.user_id = s.user_id AND m.org_id = s.org_id
       LEFT JOIN app.notification_settings n ON n.user_id = s.user_id
      WHERE s.org_id = $1`,
    [orgId],
  );
  return rows.map((row) => ({
    id: row.id,
    userId: row.user_id,
    endpoint: row.endpoint,
    p256dh: row.p256dh,
    auth: row.auth,
    preview: row.preview,
  }));
}

/** Whether this subscription was already pushed this event (a redelivery after the push went out). */
export async function wasPushed(db: Queryable, subscriptionId: string, eventId: string): Promise<boolean> {
  const { rows } = await db.query("SELECT 1 FROM app.push_deliveries WHERE subscription_id = $1 AND event_id = $2", [
    subscriptionId,
    eventId,
  ]);
  return rows.length > 0;
}

/** Records that the push service accepted this event's push for the subscription. */
export async function recordPushed(db: Queryable, subscriptionId: string, eventId: string): Promise<void> {
  await db.query(
    `WITH delivered AS (
       INSERT INTO app.push_deliveries (subscription_id, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING
     )
     UPDATE app.push_subscriptions SET last_pushed_at = now() WHERE id = $1`,
    [subscriptionId, eventId],
  );
}

/** The push service said the subscription is gone (404 or 410): nobody receives it any more. */
export async function forgetPushSubscription(db: Queryable, subscriptionId: string): Promise<void> {
  await db.query("DELETE FROM app.push_subscriptions WHERE id = $1", [subscriptionId]);
}

/** Delivery records older than any redelivery of their event are no longer needed. */
export async function prunePushDeliveries(db: Queryable, olderThanMs: number): Promise<number> {
  const { rowCount } = await db.query(
    "DELETE FROM app.push_deliveries WHERE pushed_at < now() - make_interval(secs => $1)",
    [olderThanMs / 1000],
  );
  return rowCount ?? 0;
}
