import type { Queryable } from "#app/db/queryable.server.ts";
import { type Account, findAccountByEmail } from "./accounts.server.ts";
import { type CookieOptions, serializeCookie } from "./sessions.server.ts";

/**
 * A passkey log-in has no session and no user yet: its challenge is bound to this cookie's
 * secret, set with the options and read back with the answer (another browser's answer finds
 * no challenge).
 */
export const PASSKEY_LOGIN_COOKIE = "cloudpa_passkey_login";

export function passkeyLoginCookie(attempt: string, options: CookieOptions): string {
  return serializeCookie(PASSKEY_LOGIN_COOKIE, attempt, { ...options, maxAgeSeconds: 300 });
}

export function clearedPasskeyLoginCookie(options: CookieOptions): string {
  return serializeCookie(PASSKEY_LOGIN_COOKIE, "", { ...options, maxAgeSeconds: 0 });
}

/** The account a passkey's user logs in to (their first organisation, as a password log-in does). */
export async function accountOfPasskeyUser(db: Queryable, userId: string): Promise<Account | undefined> {
  const { rows } = await db.query<{ email: string }>("SELECT email FROM app.users WHERE id = $1", [userId]);
  return rows[0] && findAccountByEmail(db, rows[0].email);
}
