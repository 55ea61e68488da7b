import { randomUUID } from "node:crypto";
import { isUuid, type SavedReplyEvent } from "@cloudpa/contracts";
import { appendSigned } from "@cloudpa/kit";
import { MAX_SAVED_REPLIES, type SavedReplyOfOrg, savedRepliesOfOrg, savedReplyOfOrg } from "@cloudpa/read-model";
import type { Account } from "#app/accounts/accounts.server.ts";
import type { WebContext } from "#app/web-context.server.ts";
import type { SavedReplyBody } from "./saved-reply-schemas.ts";

/**
 * Saved replies (issue 15): every change is an event the web signs and appends on the saved
 * reply's own subject, checked first against the read model: the saved reply must be the
 * account's org's, and its name and its shortcut the org's only live ones (ignoring case). Two
 * creates racing past this check could both land; the composer then lists both.
 */

type Web = Pick<WebContext, "db" | "readModelSchema" | "js" | "names" | "env">;

export type SavedReplyOutcome =
  | { kind: "accepted"; savedReplyId: string; eventIds: string[] }
  | { kind: "not_found" }
  | { kind: "taken"; field: "name" | "shortcut" }
  | { kind: "too_many" };

export function savedRepliesOf(web: Web, orgId: string): Promise<SavedReplyOfOrg[]> {
  return savedRepliesOfOrg(web.db, { orgId, schema: web.readModelSchema });
}

const same = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: "accent" }) === 0;

/** Which of the body's name and shortcut another live saved reply of the org already has. */
function takenBy(others: SavedReplyOfOrg[], body: SavedReplyBody): "name" | "shortcut" | undefined {
  if (others.some((one) => same(one.shortcut, body.shortcut))) return "shortcut";
  if (others.some((one) => same(one.name, body.name))) return "name";
  return undefined;
}

function fieldsOf(account: Account, savedReplyId: string, now: Date) {
  return {
    version: 1 as const,
    eventId: randomUUID(),
    orgId: account.orgId,
    occurredAt: now.toISOString(),
    savedReplyId,
    by: account.userId,
    at: now.toISOString(),
  };
}

async function append(web: Web, event: SavedReplyEvent): Promise<SavedReplyOutcome> {
  await appendSigned(web.js, web.names, event, web.env.WEB_SIGNING_KEY);
  return { kind: "accepted", savedReplyId: event.savedReplyId, eventIds: [event.eventId] };
}

/** A new saved reply; an org has at most MAX_SAVED_REPLIES. */
export async function createSavedReply(
  web: Web,
  account: Account,
  body: SavedReplyBody,
  now = new Date(),
): Promise<SavedReplyOutcome> {
  const replies = await savedRepliesOf(web, account.orgId);
  const taken = takenBy(replies, body);
  if (taken) return { kind: "taken", field: taken };
  if (replies.length >= MAX_SAVED_REPLIES) return { kind: "too_many" };
  return append(web, { type: "SavedReplyCreated", ...fieldsOf(account, randomUUID(), now), ...body });
}

/** Replaces one of the org's saved replies' name, shortcut and body; nothing is appended when none changes. */
export async function editSavedReply(
  web: Web,
  account: Account,
  savedReplyId: string,
  body: SavedReplyBody,
  now = new Date(),
): Promise<SavedReplyOutcome> {
  const replies = await savedRepliesOf(web, account.orgId);
  const saved = isUuid(savedReplyId) ? replies.find((one) => one.id === savedReplyId) : undefined;
  if (!saved) return { kind: "not_found" };
  const taken = takenBy(
    replies.filter((one) => one.id !== savedReplyId),
    body,
  );
  if (taken) return { kind: "taken", field: taken };
  if (saved.name === body.name && saved.shortcut === body.shortcut && saved.body === body.body)
    return { kind: "accepted", savedReplyId, eventIds: [] };
  return append(web, { type: "SavedReplyEdited", ...fieldsOf(account, savedReplyId, now), ...body });
}

/** Deletes one of the org's saved replies. */
export async function deleteSavedReply(
  web: Web,
  account: Account,
  savedReplyId: string,
  now = new Date(),
): Promise<SavedReplyOutcome> {
  const saved =
    isUuid(savedReplyId) &&
    (await savedReplyOfOrg(web.db, { orgId: account.orgId, savedReplyId, schema: web.readModelSchema }));
  if (!saved) return { kind: "not_found" };
  return append(web, { type: "SavedReplyDeleted", ...fieldsOf(account, savedReplyId, now) });
}
