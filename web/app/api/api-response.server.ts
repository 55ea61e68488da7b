import type { z } from "zod";
import type { ApiErrorCode, sendReplyAcceptedSchema } from "./api-schemas.ts";

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

/** 202 for a send the web stored as a command: its id, whether the key had sent it already, and where it will show. */
export function sendAccepted(conversationId: string, sent: { commandId: string; duplicate: boolean }): Response {
  return apiJson(
    {
      commandId: sent.commandId,
      conversationId,
      status: "accepted",
      duplicate: sent.duplicate,
    } satisfies z.input<typeof sendReplyAcceptedSchema>,
    202,
    { location: `/api/v1/messaging/conversations/${conversationId}` },
  );
}
