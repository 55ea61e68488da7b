import {
  type ChannelConnected,
  type ChannelDisconnected,
  type ContactDetails,
  type ContactDetailsUpdated,
  type ConversationLabelChanged,
  type ConversationNoteEvent,
  type ConversationOrganized,
  type ConversationOrganizedType,
  type ConversationRead,
  channelIdFor,
  contactIdFor,
  conversationIdFor,
  eventIdFor,
  type InboundMessageReceived,
  type LabelChanged,
  type LabelColour,
  type MessageStatus,
  type MessageStatusUpdated,
  type ReplyFailed,
  type ReplySent,
  type SavedReplyEvent,
  uuidv5,
} from "@cloudpa/contracts";

/** Valid events of the contracts, for tests: one org, one channel, customers by number. */
export function eventFactory(orgId = uuidv5("org:test")) {
  const channelNumber = "whatsapp:+14155238886";
  const channelId = channelIdFor(orgId, channelNumber);
  const customer = (n: number) => `whatsapp:+1555${String(n).padStart(7, "0")}`;
  const conversationOf = (n: number) => conversationIdFor(channelId, customer(n));
  const labelIdOf = (n: number) => uuidv5(`label:${orgId}:${n}`);
  const savedReplyIdOf = (n: number) => uuidv5(`saved-reply:${orgId}:${n}`);
  const sid = (prefix: string, n: number) => `${prefix}${n.toString(16).padStart(32, "0")}`;
  const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 9, 0, 0) + second * 1000).toISOString();
  const base = (key: string, second: number) => ({
    version: 1 as const,
    eventId: eventIdFor("test", key),
    orgId,
    occurredAt: at(second),
  });
  return {
    orgId,
    channelId,
    channelNumber,
    customer,
    conversationOf,
    sid,
    at,
    inbound(n: number, customerNo: number, second: number, extra: Partial<InboundMessageReceived> = {}) {
      return {
        type: "InboundMessageReceived",
        ...base(`in:${n}`, second),
        channelId,
        conversationId: conversationOf(customerNo),
        messageSid: sid("SM", n),
        accountSid: sid("AC", 1),
        from: customer(customerNo),
        to: channelNumber,
        waId: customer(customerNo).slice(10),
        profileName: `Customer ${customerNo}`,
        body: `message ${n}`,
        media: [],
        receivedAt: at(second),
        extraParams: {},
        ...extra,
      } satisfies InboundMessageReceived;
    },
    status(
      messageSid: string,
      customerNo: number,
      status: MessageStatus,
      second: number,
      extra: Partial<MessageStatusUpdated> = {},
    ) {
      return {
        type: "MessageStatusUpdated",
        ...base(`st:${messageSid}:${status}:${second}`, second),
        channelId,
        conversationId: conversationOf(customerNo),
        messageSid,
        status,
        from: channelNumber,
        to: customer(customerNo),
        reportedAt: at(second),
        extraParams: {},
        ...extra,
      } satisfies MessageStatusUpdated;
    },
    replySent(n: number, customerNo: number, second: number, extra: Partial<ReplySent> = {}) {
      return {
        type: "ReplySent",
        ...base(`out:${n}`, second),
        channelId,
        conversationId: conversationOf(customerNo),
        commandId: uuidv5(`command:${n}`),
        messageSid: sid("SM", 1_000_000 + n),
        status: "queued",
        from: channelNumber,
        to: customer(customerNo),
        body: `reply ${n}`,
        requestedBy: "user-1",
        sentAt: at(second),
        ...extra,
      } satisfies ReplySent;
    },
    replyFailed(n: number, customerNo: number, second: number, extra: Partial<ReplyFailed> = {}) {
      return {
        type: "ReplyFailed",
        ...base(`fail:${n}`, second),
        conversationId: conversationOf(customerNo),
        channelId,
        commandId: uuidv5(`command:${n}`),
        reason: "window_closed",
        errorMessage: "the 24-hour window is closed",
        body: `reply ${n}`,
        requestedBy: "user-1",
        failedAt: at(second),
        ...extra,
      } satisfies ReplyFailed;
    },
    read(customerNo: number, second: number) {
      return {
        type: "ConversationRead",
        ...base(`read:${customerNo}:${second}`, second),
        conversationId: conversationOf(customerNo),
        readBy: "user-1",
        readAt: at(second),
      } satisfies ConversationRead;
    },
    connected(second: number, extra: Partial<ChannelConnected> = {}) {
      return {
        type: "ChannelConnected",
        ...base(`connected:${second}`, second),
        channelId,
        provider: "twilio_whatsapp",
        externalPhoneId: channelNumber,
        accountSid: sid("AC", 1),
        displayName: "Studio line",
        connectedBy: "user-1",
        ...extra,
      } satisfies ChannelConnected;
    },
    /** Archive, unarchive, pin, unpin, mark unread (issue 15); a snooze takes `until` (a second of the factory's clock). */
    organized(type: ConversationOrganizedType, customerNo: number, second: number, until?: number) {
      const fields = {
        ...base(`organized:${type}:${customerNo}:${second}`, second),
        conversationId: conversationOf(customerNo),
        by: "user-1",
        at: at(second),
      };
      if (type === "ConversationSnoozed") {
        if (until === undefined) throw new Error("a snooze needs its until");
        return { type, ...fields, until: at(until) } satisfies ConversationOrganized;
      }
      // A mute's end is its own to give or not.
      if (type === "ConversationMuted" && until !== undefined)
        return { type, ...fields, until: at(until) } satisfies ConversationOrganized;
      return { type, ...fields } as ConversationOrganized;
    },
    /** The id of note `noteNo` (issue 15), the same in every org's factory: ids are the web's to choose. */
    noteId: (noteNo: number) => uuidv5(`note:${noteNo}`),
    /** A private note added, edited or deleted (issue 15) in customer `customerNo`'s conversation, by `by`. */
    note(
      type: ConversationNoteEvent["type"],
      customerNo: number,
      noteNo: number,
      second: number,
      extra: { body?: string; by?: string } = {},
    ): ConversationNoteEvent {
      const fields = {
        ...base(`note:${type}:${noteNo}:${second}`, second),
        conversationId: conversationOf(customerNo),
        noteId: uuidv5(`note:${noteNo}`),
        by: extra.by ?? "user-1",
        at: at(second),
      };
      if (type === "NoteDeleted") return { type, ...fields };
      return { type, ...fields, body: extra.body ?? `note ${noteNo} at ${second}` };
    },
    /** The contact of customer `customerNo` given these details (issue 15), from their conversation; `others` are more of their conversations. */
    contactDetails(customerNo: number, second: number, details: Partial<ContactDetails>, others: string[] = []) {
      return {
        type: "ContactDetailsUpdated",
        ...base(`details:${customerNo}:${second}`, second),
        conversationId: conversationOf(customerNo),
        contactId: contactIdFor(orgId, customer(customerNo)),
        conversationIds: [conversationOf(customerNo), ...others],
        details: { name: null, email: null, company: null, notes: null, ...details },
        by: "user-1",
        at: at(second),
      } satisfies ContactDetailsUpdated;
    },
    /** The id of label `labelNo` of this factory's org (issue 15). */
    labelId: (labelNo: number) => labelIdOf(labelNo),
    /** A label's own event (issue 15): created (with `name` and `colour`), renamed, recoloured or deleted. */
    label(
      type: LabelChanged["type"],
      labelNo: number,
      second: number,
      extra: { name?: string; colour?: LabelColour } = {},
    ): LabelChanged {
      const fields = {
        ...base(`label:${type}:${labelNo}:${second}`, second),
        labelId: labelIdOf(labelNo),
        by: "user-1",
        at: at(second),
      };
      switch (type) {
        case "LabelCreated":
          return { type, ...fields, name: extra.name ?? `Label ${labelNo}`, colour: extra.colour ?? "blue" };
        case "LabelRenamed":
          return { type, ...fields, name: extra.name ?? `Label ${labelNo} renamed` };
        case "LabelRecoloured":
          return { type, ...fields, colour: extra.colour ?? "green" };
        default:
          return { type, ...fields };
      }
    },
    /** Label `labelNo` put on (or taken off) customer `customerNo`'s conversation (issue 15). */
    labelled(
      type: ConversationLabelChanged["type"],
      customerNo: number,
      labelNo: number,
      second: number,
    ): ConversationLabelChanged {
      return {
        type,
        ...base(`labelled:${type}:${customerNo}:${labelNo}:${second}`, second),
        conversationId: conversationOf(customerNo),
        labelId: labelIdOf(labelNo),
        by: "user-1",
        at: at(second),
      };
    },
    /** The id of saved reply `replyNo` of this factory's org (issue 15). */
    savedReplyId: (replyNo: number) => savedReplyIdOf(replyNo),
    /** A saved reply created or edited (with `name`, `shortcut`, `body`), or deleted (issue 15). */
    savedReply(
      type: SavedReplyEvent["type"],
      replyNo: number,
      second: number,
      extra: { name?: string; shortcut?: string; body?: string } = {},
    ): SavedReplyEvent {
      const fields = {
        ...base(`saved-reply:${type}:${replyNo}:${second}`, second),
        savedReplyId: savedReplyIdOf(replyNo),
        by: "user-1",
        at: at(second),
      };
      if (type === "SavedReplyDeleted") return { type, ...fields };
      return {
        type,
        ...fields,
        name: extra.name ?? `Reply ${replyNo}`,
        shortcut: extra.shortcut ?? `reply${replyNo}`,
        body: extra.body ?? `Hello {{first_name}}, reply ${replyNo}`,
      };
    },
    disconnected(second: number) {
      return {
        type: "ChannelDisconnected",
        ...base(`disconnected:${second}`, second),
        channelId,
        disconnectedBy: "user-1",
      } satisfies ChannelDisconnected;
    },
  };
}

export type EventFactory = ReturnType<typeof eventFactory>;
