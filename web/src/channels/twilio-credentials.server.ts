/** Twilio's REST API, unless TWILIO_API_BASE_URL points at the simulator. */
export const TWILIO_API_BASE = "https://api.twilio.com";

export type CredentialsCheck = { ok: true } | { ok: false; reason: "rejected" | "unreachable"; detail: string };

/**
 * Asks Twilio whether an account SID and auth token go together, with the cheapest call
 * that needs both: list one message of the account.
 */
export async function checkTwilioCredentials(
  apiBaseUrl: string | undefined,
  accountSid: string,
  authToken: string,
  timeoutMs = 8000,
): Promise<CredentialsCheck> {
  const base = (apiBaseUrl ?? TWILIO_API_BASE).replace(/\/+$/, "");
  const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json?PageSize=1`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { ok: false, reason: "unreachable", detail: (error as Error).message };
  }
  await response.body?.cancel();
  if (response.ok) return { ok: true };
  if (response.status === 401 || response.status === 403 || response.status === 404)
    return { ok: false, reason: "rejected", detail: `Twilio answered ${response.status}` };
  return { ok: false, reason: "unreachable", detail: `Twilio answered ${response.status}` };
}
