import { type TemplateSend, uuidv5 } from "@cloudpa/contracts";
import { recentUuidv5 } from "./recent-ids.js";

/**
 * An inbound message's id follows from its org and MessageSid, so a replay writes the same row
 * and one org's MessageSid never names another org's message (decision 006). An outbound
 * message's id is its SendReply commandId, which the web derives from the org.
 */
export function inboundMessageIdFor(orgId: string, messageSid: string): string {
  return recentUuidv5(`message:${orgId}:${messageSid}`);
}

/** The id inbound messages had before it carried the org; the migration of 2026-12-02 re-keys them. */
export function legacyInboundMessageIdFor(messageSid: string): string {
  return uuidv5(`message:${messageSid}`);
}

/** A MessageSid is unique within one org only: rows found by it are keyed by both. */
export function sidKeyOf(orgId: string, providerSid: string): string {
  return `${orgId}|${providerSid}`;
}

/** Postgres text cannot hold NUL; such an event is quarantined instead of failing its batch. */
export function hasNul(...texts: (string | null | undefined)[]): boolean {
  return texts.some((text) => text?.includes("\u0000"));
}

/**
 * The kind fields of an outbound reply: a template (its sid and variables in `details`), or
 * text/media. Replies from before templates carry no `template` and stay text/media.
 */
export function outboundKindOf(reply: { media?: unknown[]; template?: TemplateSend }) {
  if (!reply.template) return plainKindOf(reply.media?.length ?? 0);
  const { contentSid, variables } = reply.template;
  return {
    kind: "template",
    details: { template: { contentSid, variables } },
    replyToSid: null,
    reaction: null,
  } as const;
}

/** The kind fields of a message that is none of the inbound kinds: text, or media when it has media. */
export function plainKindOf(mediaCount: number) {
  return { kind: mediaCount > 0 ? "media" : "text", details: null, replyToSid: null, reaction: null } as const;
}
