export type ApiErrorCode =
  | "AUTH.REQUIRED"
  | "AUTH.CROSS_SITE"
  | "AUTH.TOKEN_EXPIRED"
  | "AUTH.INSUFFICIENT_SCOPE"
  | "RATE.LIMITED"
  | "REQUEST.BAD_JSON"
  | "REQUEST.INVALID"
  | "REQUEST.UNSUPPORTED_MEDIA_TYPE"
  | "INBOX.BAD_CURSOR"
  | "CONVERSATION.NOT_FOUND"
  | "CONTACT.NOT_FOUND"
  | "CONTACT.ERASE_NOT_CONFIRMED"
  | "REPLY.TOO_LONG"
  | "ROUTE.NOT_FOUND"
  | "METHOD.NOT_ALLOWED"
  | "SERVICE.UNAVAILABLE";

export function apiJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers },
  });
}

/** Every API error has one shape: `{ error: { code, message } }`. */
export function apiError(status: number, code: ApiErrorCode, message: string, headers: Record<string, string> = {}) {
  return apiJson({ error: { code, message } }, status, headers);
}
