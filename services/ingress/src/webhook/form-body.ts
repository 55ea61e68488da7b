/** A form-encoded webhook body: a repeated param keeps all its values, in order. */
export type FormParams = Record<string, string | string[]>;

/** Twilio's webhooks are a few KiB; anything past this is not Twilio. */
export const MAX_WEBHOOK_BYTES = 64 * 1024;

/**
 * Parses `application/x-www-form-urlencoded` as browsers and Twilio's validator read it
 * (`+` is a space, bad escapes stay literal, invalid UTF-8 becomes U+FFFD). Never throws,
 * and the result has no prototype, so a param named `__proto__` is just a param.
 */
export function parseFormBody(body: Buffer | string): FormParams {
  const text = typeof body === "string" ? body : body.toString("utf8");
  const params: FormParams = Object.create(null);
  for (const [name, value] of new URLSearchParams(text)) {
    const seen = params[name];
    if (seen === undefined) params[name] = value;
    else if (typeof seen === "string") params[name] = [seen, value];
    else seen.push(value);
  }
  return params;
}
