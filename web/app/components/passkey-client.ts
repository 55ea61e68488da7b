import {
  browserSupportsWebAuthn,
  browserSupportsWebAuthnAutofill,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
  WebAuthnError,
} from "@simplewebauthn/browser";

/**
 * The browser half of the passkey ceremonies: a bundled module (no inline script, so it runs
 * under the CSP's nonces). It asks the server for options, lets the browser talk to the
 * authenticator, and posts the answer back as a form field with the CSRF token.
 */

export { browserSupportsWebAuthn, browserSupportsWebAuthnAutofill };

export class PasskeyProblem extends Error {
  override name = "PasskeyProblem";
}

async function post(url: string, csrf: string, fields: Record<string, string>): Promise<Record<string, unknown>> {
  const body = new FormData();
  body.set("csrf", csrf);
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  const response = await fetch(url, { method: "POST", body, credentials: "same-origin" });
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    throw new PasskeyProblem(typeof json.error === "string" ? json.error : "That did not work. Reload and try again.");
  }
  return json;
}

function explain(error: unknown): never {
  if (error instanceof PasskeyProblem) throw error;
  // The user closed the browser's prompt, or no passkey of this site was there.
  if (error instanceof WebAuthnError || (error instanceof Error && error.name === "NotAllowedError")) {
    throw new PasskeyProblem("No passkey was used. Try again when you are ready.");
  }
  throw new PasskeyProblem(error instanceof Error ? error.message : "The passkey did not work.");
}

/** Creates a passkey in the browser and stores it on the server under `name`. */
export async function addPasskey(url: string, csrf: string, name: string): Promise<void> {
  try {
    const { options } = await post(url, csrf, { intent: "register-options" });
    const answer = await startRegistration({ optionsJSON: options as PublicKeyCredentialCreationOptionsJSON });
    await post(url, csrf, { intent: "register", name, response: JSON.stringify(answer) });
  } catch (error) {
    explain(error);
  }
}

/**
 * Proves a passkey for `purpose` at `url` and returns the server's answer (a redirect target for
 * the log-in purposes). `autofill` waits for the browser's autofill prompt (conditional UI).
 */
export async function provePasskey(
  url: string,
  csrf: string,
  fields: Record<string, string>,
  { autofill = false } = {},
): Promise<Record<string, unknown>> {
  try {
    const { options } = await post(url, csrf, { ...fields, intent: "options" });
    const optionsJSON = options as PublicKeyCredentialRequestOptionsJSON;
    const answer = await startAuthentication({ optionsJSON, useBrowserAutofill: autofill });
    return await post(url, csrf, { ...fields, intent: "verify", response: JSON.stringify(answer) });
  } catch (error) {
    explain(error);
  }
}
