import type { ActionFunctionArgs } from "@remix-run/node";
import {
  authenticationOptions,
  type PasskeyOutcome,
  relyingPartyOf,
  verifyPasskey,
} from "#app/accounts/passkeys.server.ts";
import {
  accountOfPasskeyUser,
  clearedPasskeyLoginCookie,
  PASSKEY_LOGIN_COOKIE,
  passkeyLoginCookie,
} from "#app/accounts/passkeys-login.server.ts";
import { parseAuthenticationResponse } from "#app/accounts/passkeys-schemas.ts";
import { failSecondFactor, pendingLoginOf } from "#app/accounts/second-factor.server.ts";
import { finishSecondFactorLogin } from "#app/accounts/second-factor-login.server.ts";
import { readCookie, rotateSession } from "#app/accounts/sessions.server.ts";
import { newSecret } from "#app/accounts/tokens.server.ts";
import { safeRedirectTarget } from "#app/security/redirect-target.ts";
import { readCheckedForm } from "#app/web.server";

/**
 * The passkey ceremonies of logging in, as JSON for the browser's script: `intent=options` gives
 * the WebAuthn options (the challenge kept server-side), `intent=verify` checks the answer.
 * `purpose=login` logs in with a passkey alone; `purpose=second-factor` finishes a password
 * log-in that owes its passkey.
 */
const refused = (message: string, status = 401) => Response.json({ error: message }, { status });
const NOT_VERIFIED = "That passkey could not be verified. Try again.";

export async function action({ request, context }: ActionFunctionArgs) {
  const { web } = context;
  const form = await readCheckedForm(context, request);
  const rp = relyingPartyOf(web.env.WEB_PUBLIC_URL);
  const cookie = { secure: web.secureCookies };
  const intent = form.get("intent");
  const logRefusal = (outcome: PasskeyOutcome<unknown>, purpose: string) =>
    outcome.ok || web.logger.warn("passkey refused", { purpose, reason: outcome.reason, detail: outcome.detail });

  if (form.get("purpose") === "second-factor") {
    const pending = await pendingLoginOf(web.db, request);
    if (!pending) return refused("This log-in expired. Log in with your password again.");
    const key = { attempt: pending.token, purpose: "second-factor", userId: pending.account.userId } as const;
    if (intent === "options") return Response.json({ options: await authenticationOptions(web.db, rp, key) });
    const response = parseAuthenticationResponse(form.get("response"));
    if (!response) return refused("That was not a passkey's answer.", 400);
    const proven = await verifyPasskey(web.db, rp, key, response);
    if (!proven.ok) {
      logRefusal(proven, "second-factor");
      const left = await failSecondFactor(web.db, pending);
      return refused(left > 0 ? NOT_VERIFIED : "Too many tries. Log in with your password again.");
    }
    const headers = await finishSecondFactorLogin(web, request, pending, "passkey");
    if (!headers) return refused("This log-in expired. Log in with your password again.");
    return Response.json({ redirectTo: pending.redirectTo }, { headers });
  }

  if (intent === "options") {
    const attempt = newSecret();
    const options = await authenticationOptions(web.db, rp, { attempt, purpose: "login" });
    return Response.json({ options }, { headers: { "set-cookie": passkeyLoginCookie(attempt, cookie) } });
  }
  const attempt = readCookie(request, PASSKEY_LOGIN_COOKIE);
  const response = parseAuthenticationResponse(form.get("response"));
  if (!attempt || !response) return refused("That was not a passkey's answer.", 400);
  const proven = await verifyPasskey(web.db, rp, { attempt, purpose: "login" }, response);
  if (!proven.ok) {
    logRefusal(proven, "login");
    return refused(NOT_VERIFIED);
  }
  const account = await accountOfPasskeyUser(web.db, proven.value.userId);
  if (!account) return refused(NOT_VERIFIED);
  // A passkey that verified its user is both factors at once: no second step follows it.
  const session = await rotateSession(web.db, request, account, cookie);
  web.logger.info("logged in", { orgId: account.orgId, userId: account.userId, passkey: true });
  const headers = new Headers();
  headers.append("set-cookie", session.setCookie);
  headers.append("set-cookie", clearedPasskeyLoginCookie(cookie));
  return Response.json({ redirectTo: safeRedirectTarget(form.get("redirectTo")) }, { headers });
}
