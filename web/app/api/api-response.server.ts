import type { ApiErrorCode } from "./api-schemas.ts";

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
