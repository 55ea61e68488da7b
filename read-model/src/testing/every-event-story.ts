import type { CloudpaEvent } from "@cloudpa/contracts";
import type { EventFactory } from "./event-factory.js";
import { KIND_COUNT, kindFields } from "./kind-fields.js";

/**
 * Every event type, statuses out of order, a status before its message, a read, a failed reply,
 * every message kind, a pin, a snooze and an archive, labels, private notes, contact details and saved replies: what a spec of the whole projection path feeds it. `replySid` is the sent reply's MessageSid.
 */
export function everyEventStory(f: EventFactory, replySid: string): CloudpaEvent[] {
  return [
    f.connected(0),
    f.inbound(1, 7, 1),
    f.status(replySid, 7, "sent", 2),
    f.inbound(2, 8, 3, { media: [{ url: "https://m/2", contentType: "image/png" }], body: "" }),
    f.replySent(1, 7, 4),
    f.status(replySid, 7, "read", 5),
    f.status(replySid, 7, "delivered", 6),
    f.read(7, 7),
    f.replyFailed(2, 8, 8, { reason: "twilio_error", errorCode: "21211" }),
    f.inbound(3, 7, 9, { profileName: "Ana" }),
    f.status(f.sid("SM", 99), 9, "delivered", 10),
    // Every message kind (decision 023), in a conversation of its own (customer 40, sids 400…): the
    // quotes point at its first message, and the reaction attaches to it.
    ...Array.from({ length: KIND_COUNT }, (_, k) => f.inbound(400 + k, 40, 12 + k, kindFields(k, f.sid("SM", 400)))),
    // A reaction to a message the read model does not have stays a message of its own.
    f.inbound(410, 41, 20, kindFields(6, f.sid("SM", 404_404))),
    f.disconnected(21),
    // An inbox in order (issue 15): pinned, snoozed, archived, read and marked unread again, muted.
    f.organized("ConversationPinned", 7, 22),
    f.organized("ConversationSnoozed", 8, 23, 3600),
    f.organized("ConversationArchived", 41, 24),
    f.read(40, 25),
    f.organized("ConversationMarkedUnread", 40, 26),
    // Muted: 7 for an hour (its end kept in the row), 8 until unmuted, and unmuted again.
    f.organized("ConversationMuted", 7, 27, 3600),
    f.organized("ConversationMuted", 8, 28),
    f.organized("ConversationUnmuted", 8, 29),
    // Labels (issue 15): two made, one renamed and recoloured, both put on 7, one put on 8 and
    // taken off, then the other deleted (off 7 with it).
    f.label("LabelCreated", 1, 40, { name: "VIP", colour: "purple" }),
    f.label("LabelCreated", 2, 41, { name: "Invoice", colour: "orange" }),
    f.label("LabelRenamed", 1, 42, { name: "Top client" }),
    f.label("LabelRecoloured", 1, 43, { colour: "teal" }),
    f.labelled("ConversationLabelled", 7, 1, 44),
    f.labelled("ConversationLabelled", 7, 2, 45),
    f.labelled("ConversationLabelled", 8, 1, 46),
    f.labelled("ConversationUnlabelled", 8, 1, 47),
    f.label("LabelDeleted", 2, 48),
    // Private notes and contact details (issue 15): one note kept and edited, one deleted.
    f.note("NoteAdded", 7, 1, 25),
    f.note("NoteAdded", 7, 2, 26),
    f.note("NoteEdited", 7, 1, 27, { body: "call back on Monday" }),
    f.note("NoteDeleted", 7, 2, 28),
    f.contactDetails(8, 29, {
      name: "Bea Lima",
      email: "bea@example.com",
      company: "Lima Studio",
      notes: "prefers mornings",
    }),
    // Saved replies (issue 15): one created and edited, one created and deleted.
    f.savedReply("SavedReplyCreated", 1, 50, { name: "Thanks", shortcut: "thanks", body: "Thanks {{first_name}}!" }),
    f.savedReply("SavedReplyCreated", 2, 51),
    f.savedReply("SavedReplyEdited", 1, 52, { name: "Thanks", shortcut: "ty", body: "Thank you, {{name}}." }),
    f.savedReply("SavedReplyDeleted", 2, 53),
  ];
}
