import { redirect } from "@remix-run/node";
import type { WebContext } from "#app/web-context.server.ts";
import type { Account } from "./accounts.server.ts";
import {
  beginSecondFactor,
  clearedSecondFactorCookie,
  completeSecondFactor,
  type PendingLogin,
  type SecondFactorProof,
  secondFactorCookie,
  secondFactorRequired,
} from "./second-factor.server.ts";
import { rotateSession } from "./sessions.server.ts";

/**
 * Turns a pending log-in that just passed its second factor into a session: a new session id
 * (the privilege changed), the pending log-in gone. Undefined when another request ended it first.
 */
export async function finishSecondFactorLogin(
  web: WebContext,
  request: Request,
  pending: PendingLogin,
  proof: SecondFactorProof,
): Promise<Headers | undefined> {
  if (!(await completeSecondFactor(web.db, pending))) return undefined;
  const cookie = { secure: web.secureCookies };
  const session = await rotateSession(web.db, request, pending.account, cookie);
  web.logger.info("logged in", { orgId: pending.account.orgId, userId: pending.account.userId, secondFactor: proof });
  const headers = new Headers();
  headers.append("set-cookie", session.setCookie);
  headers.append("set-cookie", clearedSecondFactorCookie(cookie));
  return headers;
}

/**
 * After a right password: for an account that requires its passkey, a redirect to the second
 * step carrying the pending log-in's cookie (and `cookies`); no session is made. Otherwise undefined.
 */
export async function secondFactorStep(
  web: WebContext,
  account: Account,
  redirectTo: string,
  cookies: string[] = [],
): Promise<Response | undefined> {
  if (!(await secondFactorRequired(web.db, account.userId))) return undefined;
  const token = await beginSecondFactor(web.db, account, redirectTo);
  web.logger.info("password accepted, second factor owed", { orgId: account.orgId, userId: account.userId });
  const headers = new Headers();
  headers.append("set-cookie", secondFactorCookie(token, { secure: web.secureCookies }));
  for (const cookie of cookies) headers.append("set-cookie", cookie);
  return redirect("/login/second-factor", { headers });
}
