import {
  incomingPhoneNumbersPath,
  TWILIO_WHATSAPP_SANDBOX,
  twilioIncomingPhoneNumbersPageSchema,
} from "@cloudpa/contracts";

/** Twilio's REST API, unless TWILIO_API_BASE_URL points at the simulator. */
export const TWILIO_API_BASE = "https://api.twilio.com";

export type NumberCheck =
  | { ok: true }
  | { ok: false; reason: "rejected" | "not_owned" | "unreachable"; detail: string };

/**
 * Asks Twilio whether an account SID and auth token go together and the number is the account's.
 * One call does both: the account's IncomingPhoneNumbers filtered by the number (401 for a wrong
 * token, an empty list for a number the account does not have). The sandbox number belongs to no
 * account, so for it only the credentials are checked (the cheapest call that needs both).
 */
export async function checkNumberWithTwilio(
  apiBaseUrl: string | undefined,
  input: { accountSid: string; authToken: string; number: string },
  timeoutMs = 8000,
): Promise<NumberCheck> {
  const base = (apiBaseUrl ?? TWILIO_API_BASE).replace(/\/+$/, "");
  const sandbox = `whatsapp:${input.number}` === TWILIO_WHATSAPP_SANDBOX;
  const url = sandbox
    ? `${base}/2010-04-01/Accounts/${encodeURIComponent(input.accountSid)}/Messages.json?PageSize=1`
    : `${base}${incomingPhoneNumbersPath(input.accountSid)}?${new URLSearchParams({ PhoneNumber: input.number, PageSize: "1" })}`;
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Basic ${Buffer.from(`${input.accountSid}:${input.authToken}`).toString("base64")}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { ok: false, reason: "unreachable", detail: (error as Error).message };
  }
  if (response.status === 401 || response.status === 403 || response.status === 404) {
    await response.body?.cancel();
    return { ok: false, reason: "rejected", detail: `Twilio answered ${response.status}` };
  }
  if (!response.ok) {
    await response.body?.cancel();
    return { ok: false, reason: "unreachable", detail: `Twilio answered ${response.status}` };
  }
  if (sandbox) {
    await response.body?.cancel();
    return { ok: true };
  }
  const page = twilioIncomingPhoneNumbersPageSchema.safeParse(await response.json().catch(() => undefined));
  if (!page.success) return { ok: false, reason: "unreachable", detail: "Twilio's answer was not a list of numbers" };
  const owned = page.data.incoming_phone_numbers.some((incoming) => incoming.phone_number === input.number);
  return owned
    ? { ok: true }
    : { ok: false, reason: "not_owned", detail: `${input.number} is not a number of account ${input.accountSid}` };
}
