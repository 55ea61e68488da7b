import type { Queryable } from "../db/queryable.ts";
import type { Account } from "./accounts.ts";
import { accountOfApiToken } from "./api-tokens.ts";
import { accountOfSession, readCookie, SESSION_COOKIE } from "./sessions.ts";

export interface Authenticated {
  account: Account;
  /** A bearer token needs no CSRF check; a session cookie does. */
  via: "session" | "token";
}

/** The signed-in account of a request: a session cookie, or `Authorization: Bearer <token>`. */
export async function authenticate(db: Queryable, request: Request): Promise<Authenticated | undefined> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const account = match?.[1] ? await accountOfApiToken(db, match[1]) : undefined;
    return account && { account, via: "token" };
  }
  const account = await accountOfSession(db, readCookie(request, SESSION_COOKIE));
  return account && { account, via: "session" };
}
