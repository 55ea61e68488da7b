import { apiError } from "./api-response.server.ts";
import { idempotencyKeySchema, MAX_IDEMPOTENCY_KEY_LENGTH } from "./api-schemas.ts";

/**
 * A send's client key: the `Idempotency-Key` header (the same key sends one message), or a
 * random key when there is none; a malformed header is a 400. Every send endpoint takes it here.
 */
export function clientKeyOf(request: Request): { ok: true; key: string } | { ok: false; response: Response } {
  const header = request.headers.get("idempotency-key");
  if (header === null) return { ok: true, key: crypto.randomUUID() };
  const key = idempotencyKeySchema.safeParse(header);
  return key.success
    ? { ok: true, key: key.data }
    : {
        ok: false,
        response: apiError(
          400,
          "REQUEST.INVALID",
          `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`,
        ),
      };
}
