import { randomUUID } from "node:crypto";
import { type ContactErased, quarantinedCommandSchema } from "@cloudpa/contracts";
import { appendSigned, eraseStoredMessages } from "@cloudpa/kit";
import type { StoredMsg } from "@nats-io/jetstream";
import { z } from "zod";
import type { Account } from "#app/accounts/accounts.server.ts";
import { forgetAutoReplies } from "#app/auto-replies/auto-replies-issued.server.ts";
import type { WebContext } from "#app/web-context.server.ts";
import { contactOfOrg } from "./contact-of-org.server.ts";
import { eraseContactMedia } from "./erase-contact-media.server.ts";
import { mediaIdsOfErasedEvent } from "./media-of-erased-event.ts";

export type EraseOutcome = { kind: "not_found" } | { kind: "erased"; event: ContactErased; seq: number };

/** What erasure needs of a command or an attempt record: which conversation it belongs to. */
const conversationRefSchema = z.object({ orgId: z.string().optional(), conversationId: z.string() });

function conversationRefOf(bytes: Uint8Array): z.infer<typeof conversationRefSchema> | undefined {
  try {
    const parsed = conversationRefSchema.safeParse(JSON.parse(Buffer.from(bytes).toString("utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The command a kept quarantined command holds (its payload failed verification: it may be anything). */
function quarantinedConversationOf(message: StoredMsg): string | undefined {
  try {
    const record = quarantinedCommandSchema.safeParse(JSON.parse(Buffer.from(message.data).toString("utf8")));
    return record.success ? conversationRefOf(Buffer.from(record.data.payload, "base64"))?.conversationId : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Erases a contact of the account's org everywhere Cloud PA keeps it (docs/decisions/010): the
 * events of their conversations, then the stored media files of their messages (decision 021),
 * their replies still in COMMANDS, the outbound's attempt records
 * and kept quarantined commands of those conversations; then appends `ContactErased`, whose
 * projection deletes their rows, and sweeps the conversations once more below it (an event that
 * raced in, and the files it names). Every step erases only what is still there, so a run stopped anywhere is finished by
 * running it again; until the record is projected the contact is still listed.
 */
export async function eraseContact(
  web: WebContext,
  account: Account,
  contactId: string,
  now: Date = new Date(),
): Promise<EraseOutcome> {
  const { orgId } = account;
  const contact = await contactOfOrg(web, orgId, contactId);
  if (!contact) return { kind: "not_found" };
  const { names } = web;
  const jsm = await web.js.jetstreamManager();
  const conversations = new Set(contact.conversationIds);
  const ofContact = (ref: { orgId?: string; conversationId: string } | undefined) =>
    ref !== undefined && (ref.orgId === undefined || ref.orgId === orgId) && conversations.has(ref.conversationId);

  // The media ids the erased events name, read as each is erased.
  const collectInto = (ids: Set<string>) => (message: StoredMsg) => {
    for (const mediaId of mediaIdsOfErasedEvent(orgId, message.data)) ids.add(mediaId);
  };
  const named = new Set<string>();
  let events = 0;
  // Each conversation's subjects in both formats: a stream migrated to partitions keeps its events from before (decision 019).
  for (const conversationId of contact.conversationIds)
    for (const filter of names.conversationEventsFilters(orgId, conversationId))
      events += await eraseStoredMessages(jsm, names.eventsStream, filter, { erasing: collectInto(named) });
  // Files after their messages' events (decision 010, "Stored media": the media keeper checks its
  // message is still stored after it stores a copy, so one of the two always erases it), while
  // the messages naming them are still in the read model (a rerun finds them there too).
  let mediaObjects = await eraseContactMedia(web, orgId, contact.conversationIds, named);
  const commands = await eraseStoredMessages(jsm, names.commandsStream, names.sendReplySubject(orgId), {
    wanted: (message) => ofContact(conversationRefOf(message.data)),
  });
  const attemptsBucket = `$KV.${names.outboundAttemptsBucket}`;
  let outboundRecords = 0;
  // `<org>.<commandId>`, and the bare `<commandId>` of attempts written before decision 006.
  for (const keys of [`${attemptsBucket}.${orgId}.>`, `${attemptsBucket}.*`])
    outboundRecords += await eraseStoredMessages(jsm, `KV_${names.outboundAttemptsBucket}`, keys, {
      wanted: (message) => ofContact(conversationRefOf(message.data)),
    });
  outboundRecords += await eraseStoredMessages(
    jsm,
    `KV_${names.outboundQuarantineBucket}`,
    `$KV.${names.outboundQuarantineBucket}.${orgId}.>`,
    { wanted: (message) => conversations.has(quarantinedConversationOf(message) ?? "") },
  );
  // The auto-replier's ledger names the conversations too (decision 026).
  const autoReplies = await forgetAutoReplies(web.db, orgId, contact.conversationIds);

  const event: ContactErased = {
    type: "ContactErased",
    version: 1,
    eventId: randomUUID(),
    orgId,
    occurredAt: now.toISOString(),
    contactId: contact.id,
    conversationIds: contact.conversationIds,
    erasedAt: now.toISOString(),
    requestedBy: account.userId,
    erased: { events, commands, outboundRecords },
  };
  const ack = await appendSigned(web.js, names, event, web.env.WEB_SIGNING_KEY);
  let raced = 0;
  const racedMedia = new Set<string>();
  for (const conversationId of contact.conversationIds)
    for (const filter of names.conversationEventsFilters(orgId, conversationId))
      raced += await eraseStoredMessages(jsm, names.eventsStream, filter, {
        beforeSeq: ack.seq,
        erasing: collectInto(racedMedia),
      });
  // A message that raced in may have had its media kept meanwhile.
  if (racedMedia.size > 0) mediaObjects += await eraseContactMedia(web, orgId, [], racedMedia);
  web.logger.info("contact erased", {
    orgId,
    contactId: contact.id,
    conversations: contact.conversationIds.length,
    events,
    commands,
    outboundRecords,
    mediaObjects,
    autoReplies,
    erasedAfterRace: raced,
    seq: ack.seq,
  });
  return { kind: "erased", event, seq: ack.seq };
}
