import type { Queryable } from "../db/queryable.ts";
import type { Account } from "./accounts.ts";
import { newSecret, secretHash } from "./tokens.ts";

export const SESSION_COOKIE = "cloudpa_session";
export const SESSION_DAYS = 30;

export interface CookieOptions {
  secure: boolean;
}

/** Starts a new session (a fresh id at every log-in, so a planted id never becomes a signed-in one). */
export async function createSession(db: Queryable, account: Account): Promise<string> {
  const token = newSecret();
  await db.query(
    `INSERT INTO app.sessions (token_hash, user_id, org_id, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(days => $4))`,
    [secretHash(token), account.userId, account.orgId, SESSION_DAYS],
  );
  return token;
}

/** The account a live session belongs to, in one indexed query. */
export async function accountOfSession(db: Queryable, token: string | undefined): Promise<Account | undefined> {
  if (!token) return undefined;
  const { rows } = await db.query<{ user_id: string; email: string; org_id: string; org_name: string }>(
    `SELECT u.id AS user_id, u.email, o.id AS org_id, o.name AS org_name
       FROM app.sessions s
       JOIN app.users u ON u.id = s.user_id
       JOIN app.memberships m ON m.user_id = s.user_id AND m.org_id = s.org_id
       JOIN app.orgs o ON o.id = s.org_id
      WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [secretHash(token)],
  );
  const row = rows[0];
  return row && { userId: row.user_id, email: row.email, orgId: row.org_id, orgName: row.org_name };
}

export async function destroySession(db: Queryable, token: string | undefined): Promise<void> {
  if (!token) return;
  await db.query("DELETE FROM app.sessions WHERE token_hash = $1", [secretHash(token)]);
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
