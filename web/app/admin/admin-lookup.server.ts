import { isUuid, twilioSid } from "@cloudpa/contracts";
import { type ConversationRef, conversationsOfMessageSid } from "@cloudpa/read-model";
import type { WebContext } from "#app/web-context.server.ts";

export type AdminLookup =
  | { kind: "conversation"; conversationId: string }
  | { kind: "message"; messageSid: string; found: ConversationRef[] }
  | { kind: "not_understood"; query: string };

/** What an operator typed: a conversation id, or a MessageSid whose conversations are looked up. */
export async function adminLookup(web: WebContext, query: string): Promise<AdminLookup> {
  const text = query.trim();
  if (isUuid(text)) return { kind: "conversation", conversationId: text.toLowerCase() };
  if (twilioSid.safeParse(text).success) {
    return {
      kind: "message",
      messageSid: text,
      found: await conversationsOfMessageSid(web.db, text, web.readModelSchema),
    };
  }
  return { kind: "not_understood", query: text };
}
