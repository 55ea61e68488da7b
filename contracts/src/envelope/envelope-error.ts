export type EnvelopeErrorCode =
  | "ENVELOPE.UNSIGNED"
  | "ENVELOPE.UNKNOWN_KEY"
  | "ENVELOPE.BAD_SIGNATURE"
  | "ENVELOPE.NOT_ALLOWED"
  | "ENVELOPE.BAD_SCHEMA";

/** Why a message from the stream cannot be trusted. Consumers quarantine it with this code. */
export class EnvelopeError extends Error {
  override name = "EnvelopeError";
  constructor(
    readonly code: EnvelopeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
