import type { ActionFunctionArgs } from "@remix-run/node";
import {
  authenticationOptions,
  registerPasskey,
  registrationOptions,
  relyingPartyOf,
  verifyPasskey,
} from "#app/accounts/passkeys.server.ts";
import {
  addPasskeyFormSchema,
  parseAuthenticationResponse,
  parseRegistrationResponse,
} from "#app/accounts/passkeys-schemas.ts";
import { deleteRecoveryCodes } from "#app/accounts/recovery-codes.server.ts";
import { setSecondFactorRequired } from "#app/accounts/second-factor.server.ts";
import { readCookie, SESSION_COOKIE } from "#app/accounts/sessions.server.ts";
import { parseForm } from "#app/forms/form-schema.ts";
import { readCheckedForm, requireAccount } from "#app/web.server";

/**
 * The signed-in passkey ceremonies, as JSON for the Security page's script. The challenges are
 * bound to the session: `register-options`/`register` add a passkey; `options`/`verify` prove one
 * to turn the second factor off (it cannot be turned off without passing it).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const { web } = context;
  const account = await requireAccount(context, request);
  const form = await readCheckedForm(context, request);
  const rp = relyingPartyOf(web.env.WEB_PUBLIC_URL);
  const session = readCookie(request, SESSION_COOKIE) ?? "";
  const intent = form.get("intent");
  const { userId, orgId } = account;

  if (intent === "register-options")
    return Response.json({ options: await registrationOptions(web.db, rp, account, session) });
  if (intent === "register") {
    const named = parseForm(addPasskeyFormSchema, form);
    if (!named.success) return Response.json({ error: named.error.issues[0]?.message }, { status: 400 });
    const response = parseRegistrationResponse(form.get("response"));
    if (!response) return Response.json({ error: "That was not a passkey's answer." }, { status: 400 });
    const added = await registerPasskey(web.db, rp, account, session, response, named.data.name);
    if (!added.ok) {
      web.logger.warn("passkey not added", { orgId, userId, reason: added.reason, detail: added.detail });
      const message =
        added.reason === "already-registered"
          ? "That passkey is already on your account."
          : "The passkey was not added.";
      return Response.json({ error: message }, { status: 400 });
    }
    web.logger.info("passkey added", { orgId, userId });
    return Response.json({ passkey: added.value });
  }

  const key = { attempt: session, purpose: "confirm", userId } as const;
  if (intent === "options") return Response.json({ options: await authenticationOptions(web.db, rp, key) });
  if (intent === "verify") {
    const response = parseAuthenticationResponse(form.get("response"));
    if (!response) return Response.json({ error: "That was not a passkey's answer." }, { status: 400 });
    const proven = await verifyPasskey(web.db, rp, key, response);
    if (!proven.ok) {
      web.logger.warn("passkey refused", { orgId, userId, purpose: "confirm", reason: proven.reason });
      return Response.json({ error: "That passkey could not be verified." }, { status: 401 });
    }
    await setSecondFactorRequired(web.db, userId, false);
    await deleteRecoveryCodes(web.db, userId);
    web.logger.warn("second factor turned off", { orgId, userId, proof: "passkey" });
    return Response.json({ redirectTo: "/settings/security" });
  }
  return Response.json({ error: "Unknown request." }, { status: 400 });
}
