import { MAX_EVENT_PARTITIONS } from "./partition-of.js";

/** What an event is about, as its subject says. */
export type EventSubjectAbout =
  | { kind: "conversation"; conversationId: string }
  | { kind: "channel"; channelId: string }
  | { kind: "contact"; contactId: string }
  | { kind: "label"; labelId: string }
  | { kind: "saved_reply"; savedReplyId: string };

/** The parts of an event subject (docs/decisions/019). */
export interface EventSubjectParts {
  namespace: string;
  /** The partition token's number; null for a subject written before partitions (no token). */
  partition: number | null;
  orgId: string;
  about: EventSubjectAbout;
  /** The last token: `inbound_received`, `channel_connected`, `contact_erased`… */
  event: string;
}

const PARTITION_TOKEN = /^p(0|[1-9][0-9]{0,2})$/;

function partitionOfToken(token: string | undefined): number | undefined {
  const match = token === undefined ? null : PARTITION_TOKEN.exec(token);
  if (!match) return undefined;
  const partition = Number(match[1]);
  return partition < MAX_EVENT_PARTITIONS ? partition : undefined;
}

function aboutOf(rest: string[]): { about: EventSubjectAbout; event: string } | null {
  if (rest.length === 2) {
    const [conversationId, event] = rest as [string, string];
    return { about: { kind: "conversation", conversationId }, event };
  }
  if (rest.length === 3) {
    const [what, id, event] = rest as [string, string, string];
    if (what === "channel") return { about: { kind: "channel", channelId: id }, event };
    if (what === "contact") return { about: { kind: "contact", contactId: id }, event };
    if (what === "label") return { about: { kind: "label", labelId: id }, event };
    if (what === "saved_reply") return { about: { kind: "saved_reply", savedReplyId: id }, event };
  }
  return null;
}

/**
 * Reads an event subject back into its parts, in either format:
 * `<ns>.evt.p<k>.<orgId>.<conversationId>.<event>` (and `….channel.<channelId>.<event>`,
 * `….contact.<contactId>.contact_erased`, `….label.<labelId>.<event>`, `….saved_reply.<savedReplyId>.<event>`), or the same without `p<k>`, as every event stored
 * before partitions is. Null for anything else. An orgId is never `p<digits>` (orgs are UUIDs),
 * so the two formats cannot be mistaken for each other: they differ in their token count too.
 */
export function parseEventSubject(subject: string): EventSubjectParts | null {
  const tokens = subject.split(".");
  const [namespace, evt] = tokens;
  if (namespace === undefined || namespace === "" || evt !== "evt") return null;
  const partition = partitionOfToken(tokens[2]);
  const [orgId, ...rest] = tokens.slice(partition === undefined ? 2 : 3);
  if (orgId === undefined || orgId === "") return null;
  const parsed = aboutOf(rest);
  if (parsed === null || rest.some((token) => token === "")) return null;
  return { namespace, partition: partition ?? null, orgId, ...parsed };
}
