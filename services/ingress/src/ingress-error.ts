export type IngressErrorCode =
  | "WEBHOOK.UNSUPPORTED_MEDIA_TYPE"
  | "WEBHOOK.BAD_PARAM"
  | "WEBHOOK.BAD_SIGNATURE"
  | "CHANNEL.UNKNOWN"
  | "CHANNEL.INACTIVE"
  | "CHANNEL.CREDENTIALS_UNREADABLE"
  | "STREAM.UNAVAILABLE";

/**
 * Why the ingress refuses a webhook. The message is shown to the caller (Twilio's debugger),
 * so it names params and numbers, never a token or a message body. `detail`, when set, is what
 * the operator's log says instead: a reason the caller must not learn.
 */
export class IngressError extends Error {
  override name = "IngressError";
  readonly detail: string | undefined;
  constructor(
    readonly code: IngressErrorCode,
    message: string,
    options?: { cause?: unknown; detail?: string },
  ) {
    super(message, options);
    this.detail = options?.detail;
  }
}

/**
 * The one answer to every request the ingress cannot verify, whatever its number: a number no
 * channel has gets it too (there is no token to verify with), so nobody can list connected
 * numbers by probing without a signature (issue 12 item 6).
 */
export const UNVERIFIED_ANSWER = "X-Twilio-Signature is missing or does not match this request";

/** One place maps codes to HTTP. */
export const HTTP_STATUS_OF: Record<IngressErrorCode, number> = {
  "WEBHOOK.UNSUPPORTED_MEDIA_TYPE": 415,
  "WEBHOOK.BAD_PARAM": 400,
  "WEBHOOK.BAD_SIGNATURE": 403,
  // Answered exactly as a bad signature (UNVERIFIED_ANSWER); the log names the number.
  "CHANNEL.UNKNOWN": 403,
  // Only for a request signed with the disconnected channel's own token, so only Twilio (or
  // the token's owner) learns that the number was known and disconnected on purpose.
  "CHANNEL.INACTIVE": 410,
  // Our side cannot open the stored token (CREDENTIALS_KEY changed): a 5xx makes Twilio
  // retry, so the message is not lost while an operator fixes the key. This status does tell
  // a stranger that the number is registered, but only while the key is broken: losing real
  // messages would be worse. Its text names no number.
  "CHANNEL.CREDENTIALS_UNREADABLE": 503,
  "STREAM.UNAVAILABLE": 503,
};
