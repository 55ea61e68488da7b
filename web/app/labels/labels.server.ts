import { randomUUID } from "node:crypto";
import { isUuid, type LabelColour, type LabelEvent } from "@cloudpa/contracts";
import { appendSigned } from "@cloudpa/kit";
import { type LabelOfOrg, labelOfOrg, labelsOfOrg, MAX_LABELS } from "@cloudpa/read-model";
import type { AppLoadContext } from "@remix-run/node";
import type { Account } from "#app/accounts/accounts.server.ts";
import { conversationOfOrg } from "#app/inbox/conversation-of-org.server.ts";
import { sharedByRead } from "#app/web.server";
import type { WebContext } from "#app/web-context.server.ts";

/**
 * Labels (issue 15): every change is an event the web signs and appends (a label's own on its
 * subject, putting one on or taking it off on the conversation's), checked first against the
 * read model: the label and the conversation must be the account's org's. The inbox follows once
 * the projector has applied them.
 */

type Web = Pick<WebContext, "db" | "readModelSchema" | "js" | "names" | "env">;

export type LabelOutcome =
  | { kind: "accepted"; labelId: string; eventIds: string[] }
  | { kind: "not_found"; what: "label" | "conversation" }
  | { kind: "name_taken" }
  | { kind: "too_many" };

/** The org's label of this id, or undefined (another org's, a deleted one, or not an id). */
export async function labelOf(web: Web, orgId: string, labelId: string): Promise<LabelOfOrg | undefined> {
  if (!isUuid(labelId)) return undefined;
  return labelOfOrg(web.db, { orgId, labelId, schema: web.readModelSchema });
}

export function labelsOf(web: Web, orgId: string): Promise<LabelOfOrg[]> {
  return labelsOfOrg(web.db, { orgId, schema: web.readModelSchema });
}

/** A label as the inbox and conversation loaders show it. */
export type LabelForRead = Pick<LabelOfOrg, "id" | "name" | "colour">;

/**
 * The org's labels for a read, read once per HTTP request (sharedByRead): a client navigation to a
 * conversation runs the inbox's and the conversation's loaders, which both show them (issue 16).
 * `read` is how to read them when no loader of the request has yet: on their own by default; the
 * inbox's loader reads them in its statement of the org's reads (inboxOrgReadsFor).
 */
export function labelsOfForRead(
  context: AppLoadContext,
  request: Request,
  orgId: string,
  read: () => Promise<LabelForRead[]> = () => labelsOf(context.web, orgId),
): Promise<LabelForRead[]> {
  return sharedByRead(context, request, `labels:${orgId}`, read);
}

const sameName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: "accent" }) === 0;

function fieldsOf(account: Account, now: Date) {
  return {
    version: 1 as const,
    eventId: randomUUID(),
    orgId: account.orgId,
    occurredAt: now.toISOString(),
    by: account.userId,
    at: now.toISOString(),
  };
}

async function append(web: Web, events: LabelEvent[]): Promise<string[]> {
  for (const event of events) await appendSigned(web.js, web.names, event, web.env.WEB_SIGNING_KEY);
  return events.map((event) => event.eventId);
}

/** A new label; its name must not be one of the org's (ignoring case), and an org has at most MAX_LABELS. */
export async function createLabel(
  web: Web,
  account: Account,
  input: { name: string; colour: LabelColour },
  now = new Date(),
): Promise<LabelOutcome> {
  const labels = await labelsOf(web, account.orgId);
  if (labels.some((label) => sameName(label.name, input.name))) return { kind: "name_taken" };
  if (labels.length >= MAX_LABELS) return { kind: "too_many" };
  const labelId = randomUUID();
  const eventIds = await append(web, [
    { type: "LabelCreated", ...fieldsOf(account, now), labelId, name: input.name, colour: input.colour },
  ]);
  return { kind: "accepted", labelId, eventIds };
}

/** Renames and/or recolours one of the org's labels: an event for each that changes. */
export async function updateLabel(
  web: Web,
  account: Account,
  labelId: string,
  input: { name?: string | undefined; colour?: LabelColour | undefined },
  now = new Date(),
): Promise<LabelOutcome> {
  const labels = await labelsOf(web, account.orgId);
  const label = labels.find((one) => one.id === labelId);
  if (!label) return { kind: "not_found", what: "label" };
  const { name, colour } = input;
  if (name !== undefined && labels.some((one) => one.id !== labelId && sameName(one.name, name)))
    return { kind: "name_taken" };
  const events: LabelEvent[] = [];
  if (name !== undefined && name !== label.name)
    events.push({ type: "LabelRenamed", ...fieldsOf(account, now), labelId, name });
  if (colour !== undefined && colour !== label.colour)
    events.push({ type: "LabelRecoloured", ...fieldsOf(account, now), labelId, colour });
  return { kind: "accepted", labelId, eventIds: await append(web, events) };
}

/** Deletes one of the org's labels; the projection takes it off every conversation. */
export async function deleteLabel(
  web: Web,
  account: Account,
  labelId: string,
  now = new Date(),
): Promise<LabelOutcome> {
  if (!(await labelOf(web, account.orgId, labelId))) return { kind: "not_found", what: "label" };
  const eventIds = await append(web, [{ type: "LabelDeleted", ...fieldsOf(account, now), labelId }]);
  return { kind: "accepted", labelId, eventIds };
}

/** Puts one of the org's labels on (or takes it off) one of its conversations. */
export async function labelConversation(
  web: Web,
  account: Account,
  conversationId: string,
  labelId: string,
  on: boolean,
  now = new Date(),
): Promise<LabelOutcome> {
  const conversation = await conversationOfOrg(web, account.orgId, conversationId);
  if (!conversation) return { kind: "not_found", what: "conversation" };
  if (!(await labelOf(web, account.orgId, labelId))) return { kind: "not_found", what: "label" };
  const eventIds = await append(web, [
    {
      type: on ? "ConversationLabelled" : "ConversationUnlabelled",
      ...fieldsOf(account, now),
      conversationId: conversation.id,
      labelId,
    },
  ]);
  return { kind: "accepted", labelId, eventIds };
}
