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
 * so it names params and numbers, never a token or a message body.
 */
export class IngressError extends Error {
  override name = "IngressError";
  constructor(
    readonly code: IngressErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** One place maps codes to HTTP. */
export const HTTP_STATUS_OF: Record<IngressErrorCode, number> = {
  "WEBHOOK.UNSUPPORTED_MEDIA_TYPE": 415,
  "WEBHOOK.BAD_PARAM": 400,
  "WEBHOOK.BAD_SIGNATURE": 403,
  "CHANNEL.UNKNOWN": 404,
  // 410 rather than 404: the number was known and has been disconnected on purpose, which is
  // what an operator reading Twilio's debugger needs to tell apart from a typo in the URL.
  // Both are 4xx, so Twilio does not retry either.
  "CHANNEL.INACTIVE": 410,
  // Our side cannot open the stored token (CREDENTIALS_KEY changed): a 5xx makes Twilio
  // retry, so the message is not lost while an operator fixes the key.
  "CHANNEL.CREDENTIALS_UNREADABLE": 503,
  "STREAM.UNAVAILABLE": 503,
};
