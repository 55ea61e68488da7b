import type { KindDetails } from "#app/conversation/message-kinds/kind-message.ts";

/** What Retry of a failed reply sends again: the same template, or the same text. */
export type FailedReplyRetry =
  | { kind: "template"; contentSid: string; variables: Record<string, string>; text: string }
  | { kind: "text"; text: string };

/**
 * Retry of a failed reply (issue 14). A failed template (its ReplyFailed or ReplySent kept the
 * template: details.template) is sent again as that template, whether the 24-hour window is open
 * or closed — a template is what a closed window takes; `text` is its rendered body, shown while
 * it is pending. A failed text is sent again as text, only while the window is open. Nothing is
 * sent from a disconnected number.
 */
export function failedReplyRetryOf(
  message: { body: string; details: KindDetails | null },
  reply: { channelActive: boolean; windowOpen: boolean },
): FailedReplyRetry | null {
  if (!reply.channelActive) return null;
  const template = message.details?.template;
  if (template)
    return { kind: "template", contentSid: template.contentSid, variables: template.variables, text: message.body };
  return reply.windowOpen ? { kind: "text", text: message.body } : null;
}
