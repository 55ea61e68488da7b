import type { IncomingMessage } from "node:http";
import { basicCredentials } from "./http-io.js";

/** Twilio checks Basic auth against the account in the path: another account's token is as wrong as a bad one. */
export function authenticated(
  request: IncomingMessage,
  accountSid: string,
  accounts: ReadonlyMap<string, string>,
): boolean {
  const credentials = basicCredentials(request);
  if (!credentials || credentials.username !== accountSid) return false;
  return accounts.get(accountSid) === credentials.password;
}
