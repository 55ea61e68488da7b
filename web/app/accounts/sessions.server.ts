import type { Queryable } from "#app/db/queryable.server.ts";
import {
  type NullableSettingsRow,
  notificationSettingsOfRow,
} from "#app/notifications/notification-settings.server.ts";
import type { NotificationSettings } from "#app/notifications/notification-settings.ts";
import { ACCOUNT_COLUMNS, type Account, type AccountRow, toAccount } from "./accounts.server.ts";
import { deviceName } from "./device-name.ts";
import { newSecret, secretHash } from "./tokens.server.ts";

export const SESSION_COOKIE = "cloudpa_session";
export const SESSION_DAYS = 30;

export interface CookieOptions {
  secure: boolean;
}

/** A session's last_seen_at, and an API token's last_used_at, are written at most this often, not on every request. */
export const LAST_SEEN_EVERY_SECONDS = 60;

/**
 * Starts a new session (a fresh id at every log-in, so a planted id never becomes a signed-in
 * one), named after the device of `request` when given.
 */
export async function createSession(db: Queryable, account: Account, request?: Request): Promise<string> {
  const token = newSecret();
  await db.query(
    `INSERT INTO app.sessions (token_hash, user_id, org_id, expires_at, device)
     VALUES ($1, $2, $3, now() + make_interval(days => $4), $5)`,
    [secretHash(token), account.userId, account.orgId, SESSION_DAYS, deviceName(request?.headers.get("user-agent"))],
  );
  return token;
}

/**
 * The account of a live session, in one indexed query. Once a minute per session a second
 * statement moves last_seen_at; the other requests of that minute write nothing.
 */
export async function accountOfSession(db: Queryable, token: string | undefined): Promise<Account | undefined> {
  return (await sessionOf(db, token))?.account;
}

/** A live session: its account, and its user's notification choices read in the same statement. */
export interface LiveSession {
  account: Account;
  /**
   * The inbox's loader shows them on every read; reading them here (one indexed row, the
   * defaults when the user never chose) spares each inbox read a round trip (issue 16).
   */
  notificationSettings: NotificationSettings;
}

/**
 * The statement every signed-in request runs first. Named, so each connection parses and plans
 * it once and then only binds it (decision 034): planning its five index lookups cost Postgres
 * 0.4-0.6 ms and running them 0.05 ms, on the critical path of every request. The generic plan is
 * the custom one (every join is on a primary key), and the session is still read on each request.
 */
const SESSION_OF_TOKEN_SQL = `SELECT ${ACCOUNT_COLUMNS},
            s.last_seen_at < now() - make_interval(secs => $2) AS seen_long_ago,
            ns.unread_badge, ns.sound, ns.desktop, ns.push_preview
       FROM app.sessions s
       JOIN app.users u ON u.id = s.user_id
       JOIN app.memberships m ON m.user_id = s.user_id AND m.org_id = s.org_id
       JOIN app.orgs o ON o.id = s.org_id
       LEFT JOIN app.notification_settings ns ON ns.user_id = s.user_id
      WHERE s.token_hash = $1 AND s.expires_at > now()`;

/** accountOfSession, with the session's user's notification settings. */
export async function sessionOf(db: Queryable, token: string | undefined): Promise<LiveSession | undefined> {
  if (!token) return undefined;
  const hash = secretHash(token);
  const { rows } = await db.query<AccountRow & { seen_long_ago: boolean } & NullableSettingsRow>({
    name: "session-of-token",
    text: SESSION_OF_TOKEN_SQL,
    values: [hash, LAST_SEEN_EVERY_SECONDS],
  });
  const row = rows[0];
  if (!row) return undefined;
  if (row.seen_long_ago) {
    // The condition again, so parallel requests of the same minute write once.
    await db.query(
      `UPDATE app.sessions SET last_seen_at = now()
        WHERE token_hash = $1 AND last_seen_at < now() - make_interval(secs => $2)`,
      [hash, LAST_SEEN_EVERY_SECONDS],
    );
  }
  return {
    account: toAccount(row),
    notificationSettings: notificationSettingsOfRow(row),
  };
}

export async function destroySession(db: Queryable, token: string | undefined): Promise<void> {
  if (!token) return;
  await db.query("DELETE FROM app.sessions WHERE token_hash = $1", [secretHash(token)]);
}

/**
 * Replaces the request's session with a new one for `account`: at log-in, and at any change of
 * privilege (a password change, a second factor added). The old id stops working at once.
 * The caller sends `setCookie` with its answer. Also prunes the account's expired sessions.
 */
export async function rotateSession(
  db: Queryable,
  request: Request,
  account: Account,
  cookie: CookieOptions,
): Promise<{ token: string; setCookie: string }> {
  await destroySession(db, readCookie(request, SESSION_COOKIE));
  await pruneExpiredSessions(db, account);
  const token = await createSession(db, account, request);
  return { token, setCookie: sessionCookie(token, cookie) };
}

export interface SessionSummary {
  id: string;
  device: string;
  createdAt: string;
  lastSeenAt: string;
  /** The session of the request that asked. */
  current: boolean;
}

/** The account's live sessions, the current one first, then the most recently seen. */
export async function listSessions(
  db: Queryable,
  account: Account,
  currentToken: string | undefined,
): Promise<SessionSummary[]> {
  const { rows } = await db.query<{
    id: string;
    device: string;
    created_at: Date;
    last_seen_at: Date;
    current: boolean;
  }>(
    `SELECT id, device, created_at, last_seen_at, token_hash = $3 AS current
       FROM app.sessions
      WHERE user_id = $1 AND org_id = $2 AND expires_at > now()
      ORDER BY token_hash = $3 DESC, last_seen_at DESC, created_at DESC`,
    [account.userId, account.orgId, currentToken ? secretHash(currentToken) : null],
  );
  return rows.map((row) => ({
    id: row.id,
    device: row.device,
    createdAt: row.created_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    current: row.current === true,
  }));
}

/**
 * Logs one of the account's sessions out. Says which it was: "current" (the one of
 * `currentToken`), "other", or "none" when the account has no such session.
 */
export async function revokeSession(
  db: Queryable,
  account: Account,
  sessionId: string,
  currentToken: string | undefined,
): Promise<"current" | "other" | "none"> {
  const { rows } = await db.query<{ current: boolean }>(
    `DELETE FROM app.sessions WHERE id = $1 AND user_id = $2 AND org_id = $3
     RETURNING token_hash = $4 AS current`,
    [sessionId, account.userId, account.orgId, currentToken ? secretHash(currentToken) : null],
  );
  const row = rows[0];
  return !row ? "none" : row.current ? "current" : "other";
}

/** Logs every session of the account out except the current one; returns how many. */
export async function revokeOtherSessions(
  db: Queryable,
  account: Account,
  currentToken: string | undefined,
): Promise<number> {
  const { rowCount } = await db.query(
    "DELETE FROM app.sessions WHERE user_id = $1 AND org_id = $2 AND token_hash IS DISTINCT FROM $3",
    [account.userId, account.orgId, currentToken ? secretHash(currentToken) : null],
  );
  return rowCount ?? 0;
}

/** Logs every session of the account out, this one included; returns how many. */
export async function revokeAllSessions(db: Queryable, account: Account): Promise<number> {
  const { rowCount } = await db.query("DELETE FROM app.sessions WHERE user_id = $1 AND org_id = $2", [
    account.userId,
    account.orgId,
  ]);
  return rowCount ?? 0;
}

/** Deletes expired sessions: all of them (the web's schedule), or one account's (at log-in). */
export async function pruneExpiredSessions(db: Queryable, account?: Account): Promise<number> {
  const { rowCount } = account
    ? await db.query("DELETE FROM app.sessions WHERE user_id = $1 AND org_id = $2 AND expires_at <= now()", [
        account.userId,
        account.orgId,
      ])
    : await db.query("DELETE FROM app.sessions WHERE expires_at <= now()");
  return rowCount ?? 0;
}

export function sessionCookie(token: string, options: CookieOptions): string {
  return serializeCookie(SESSION_COOKIE, token, { ...options, maxAgeSeconds: SESSION_DAYS * 24 * 3600 });
}

export function clearedSessionCookie(options: CookieOptions): string {
  return serializeCookie(SESSION_COOKIE, "", { ...options, maxAgeSeconds: 0 });
}

export function serializeCookie(
  name: string,
  value: string,
  options: CookieOptions & { maxAgeSeconds?: number },
): string {
  const parts = [`${name}=${value}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  if (options.secure) parts.push("Secure");
  return parts.join("; ");
}

export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get("cookie");
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const at = part.indexOf("=");
    if (at < 0) continue;
    if (part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return undefined;
}
