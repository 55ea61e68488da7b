import type { Queryable } from "#app/db/queryable.server.ts";
import type { NotificationSettings } from "#app/notifications/notification-settings.ts";
import type { Account } from "./accounts.server.ts";
import { API_SCOPES, type ApiScope, callerOfApiToken } from "./api-tokens.server.ts";
import { readCookie, SESSION_COOKIE, sessionOf } from "./sessions.server.ts";

export interface Authenticated {
  account: Account;
  /** A bearer token needs no CSRF check; a session cookie does. */
  via: "session" | "token";
  /** What the caller may do through the API: a token's scopes; a signed-in session may do all. */
  scopes: readonly ApiScope[];
  /** Whose API budget a request draws on: the token's, or the signed-in user's. */
  limitKey: string;
  /** A session's user's notification choices, read with the session (sessionOf); none for a token. */
  notificationSettings?: NotificationSettings;
}

/** A request's caller; `expired` when it showed an API token that has expired. */
export type Caller = Authenticated | "expired" | undefined;

/** The caller of a request: a session cookie, or `Authorization: Bearer <token>`. */
export async function callerOf(db: Queryable, request: Request): Promise<Caller> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const caller = match?.[1] ? await callerOfApiToken(db, match[1]) : undefined;
    if (caller?.kind === "expired") return "expired";
    if (caller?.kind !== "valid") return undefined;
    return { account: caller.account, via: "token", scopes: caller.scopes, limitKey: `token:${caller.tokenId}` };
  }
  const session = await sessionOf(db, readCookie(request, SESSION_COOKIE));
  if (!session) return undefined;
  const { account, notificationSettings } = session;
  return { account, via: "session", scopes: API_SCOPES, limitKey: `user:${account.userId}`, notificationSettings };
}

/** The signed-in account of a request, by a session cookie or a valid bearer token. */
export async function authenticate(db: Queryable, request: Request): Promise<Authenticated | undefined> {
  const caller = await callerOf(db, request);
  return caller === "expired" ? undefined : caller;
}
