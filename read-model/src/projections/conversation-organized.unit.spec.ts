import { type CloudpaEvent, uuidv5 } from "@cloudpa/contracts";
import { specification } from "@cloudpa/testkit";
import { describe, expect, it } from "vitest";
import { eventFactory } from "../testing/event-factory.js";
import { rowsOf } from "../testing/rows-of.js";
import { changesOf, readModelDecider } from "./read-model.decider.js";

const spec = specification(readModelDecider, changesOf);

/** Given these events happened, when these happen: the read model after, and the decisions of the `when` events only. */
function given(...history: CloudpaEvent[]) {
  return {
    when(...events: CloudpaEvent[]) {
      const model = spec.when(...history, ...events);
      return { state: model.state, decisions: model.decisions.slice(history.length) };
    },
  };
}

const f = eventFactory();
const other = eventFactory(uuidv5("org:other"));
const at = (second: number) => new Date(f.at(second));

function conversation(model: ReturnType<ReturnType<typeof given>["when"]>, customerNo = 7) {
  return rowsOf(model.state.conversations).find((c) => c.id === f.conversationOf(customerNo));
}

describe("archive, snooze and pin (issue 15)", () => {
  it("a conversation starts in the inbox, unpinned, ordered by its last message", () => {
    const model = given().when(f.inbound(1, 7, 10));
    expect(conversation(model)).toMatchObject({ archivedAt: null, snoozedUntil: null, pinned: false, inboxAt: at(10) });
  });

  it("archives and unarchives", () => {
    const archived = given(f.inbound(1, 7, 10)).when(f.organized("ConversationArchived", 7, 20));
    expect(conversation(archived)).toMatchObject({ archivedAt: at(20) });
    const back = given(f.inbound(1, 7, 10), f.organized("ConversationArchived", 7, 20)).when(
      f.organized("ConversationUnarchived", 7, 30),
    );
    expect(conversation(back)).toMatchObject({ archivedAt: null, inboxAt: at(10) });
  });

  it("archiving twice keeps the first time and changes nothing", () => {
    const model = given(f.inbound(1, 7, 10), f.organized("ConversationArchived", 7, 20)).when(
      f.organized("ConversationArchived", 7, 25),
    );
    expect(changesOf(model.decisions[0] ?? { changes: [] })).toEqual([]);
    expect(conversation(model)).toMatchObject({ archivedAt: at(20) });
  });

  it("a new customer message brings an archived conversation back", () => {
    const model = given(f.inbound(1, 7, 10), f.organized("ConversationArchived", 7, 20)).when(f.inbound(2, 7, 30));
    expect(conversation(model)).toMatchObject({ archivedAt: null, inboxAt: at(30), unreadCount: 2 });
  });

  it("a reply of the freelancer leaves it archived", () => {
    const model = given(f.inbound(1, 7, 10), f.organized("ConversationArchived", 7, 20)).when(f.replySent(2, 7, 30));
    expect(conversation(model)).toMatchObject({ archivedAt: at(20), inboxAt: at(30) });
  });

  it("a snooze orders the conversation by its end, so it comes back on top when the time passes", () => {
    const model = given(f.inbound(1, 7, 10), f.inbound(2, 8, 50)).when(f.organized("ConversationSnoozed", 7, 20, 3600));
    expect(conversation(model)).toMatchObject({ snoozedUntil: at(3600), inboxAt: at(3600) });
    expect(conversation(model, 8)).toMatchObject({ inboxAt: at(50) });
  });

  it("a customer message during a snooze ends it; one after the snooze ended keeps the time it came back", () => {
    const during = given(f.inbound(1, 7, 10), f.organized("ConversationSnoozed", 7, 20, 3600)).when(
      f.inbound(2, 7, 100),
    );
    expect(conversation(during)).toMatchObject({ snoozedUntil: null, inboxAt: at(100) });
    const after = given(f.inbound(1, 7, 10), f.organized("ConversationSnoozed", 7, 20, 60)).when(f.inbound(2, 7, 100));
    expect(conversation(after)).toMatchObject({ snoozedUntil: at(60), inboxAt: at(100) });
  });

  it("a reply during a snooze keeps the snooze", () => {
    const model = given(f.inbound(1, 7, 10), f.organized("ConversationSnoozed", 7, 20, 3600)).when(
      f.replySent(2, 7, 100),
    );
    expect(conversation(model)).toMatchObject({ snoozedUntil: at(3600), inboxAt: at(3600) });
  });

  it("pins and unpins", () => {
    const pinned = given(f.inbound(1, 7, 10)).when(f.organized("ConversationPinned", 7, 20));
    expect(conversation(pinned)).toMatchObject({ pinned: true });
    const unpinned = given(f.inbound(1, 7, 10), f.organized("ConversationPinned", 7, 20)).when(
      f.organized("ConversationUnpinned", 7, 30),
    );
    expect(conversation(unpinned)).toMatchObject({ pinned: false });
  });

  it("marks a read conversation unread, one unread conversation marked, and leaves an unread one as it is", () => {
    const read = given(f.inbound(1, 7, 10), f.inbound(2, 7, 11), f.read(7, 12));
    const marked = read.when(f.organized("ConversationMarkedUnread", 7, 20));
    expect(conversation(marked)).toMatchObject({
      unreadCount: 1,
      markedUnread: true,
      inboxAt: at(11),
      archivedAt: null,
      pinned: false,
    });
    const openedAgain = given(f.inbound(1, 7, 10), f.read(7, 12), f.organized("ConversationMarkedUnread", 7, 20)).when(
      f.read(7, 30),
    );
    expect(conversation(openedAgain)).toMatchObject({ unreadCount: 0, markedUnread: false });
    const unread = given(f.inbound(1, 7, 10), f.inbound(2, 7, 11)).when(f.organized("ConversationMarkedUnread", 7, 20));
    expect(changesOf(unread.decisions[0] ?? { changes: [] })).toEqual([]);
    expect(conversation(unread)).toMatchObject({ unreadCount: 2, markedUnread: false });
  });

  it("counts the customer's next message as the one unread of a conversation marked unread", () => {
    const marked = [f.inbound(1, 7, 10), f.read(7, 12), f.organized("ConversationMarkedUnread", 7, 20)];
    const written = given(...marked).when(f.inbound(2, 7, 30));
    expect(conversation(written)).toMatchObject({ unreadCount: 1, markedUnread: false });
    const twice = given(...marked, f.inbound(2, 7, 30)).when(f.inbound(3, 7, 31));
    expect(conversation(twice)).toMatchObject({ unreadCount: 2, markedUnread: false });
  });

  it("mutes a conversation, keeps it muted through the customer's messages, and unmutes it", () => {
    const muted = given(f.inbound(1, 7, 10)).when(f.organized("ConversationMuted", 7, 20));
    expect(conversation(muted)).toMatchObject({
      muted: true,
      mutedUntil: null,
      unreadCount: 1,
      pinned: false,
      archivedAt: null,
    });
    // With an end (8 hours, a week): kept as the row's; muted again without one lasts until unmuted.
    const untilThen = given(f.inbound(1, 7, 10)).when(f.organized("ConversationMuted", 7, 20, 3600));
    expect(conversation(untilThen)).toMatchObject({ muted: true, mutedUntil: new Date(f.at(3600)) });
    const always = given(f.inbound(1, 7, 10), f.organized("ConversationMuted", 7, 20, 3600)).when(
      f.organized("ConversationMuted", 7, 30),
    );
    expect(conversation(always)).toMatchObject({ muted: true, mutedUntil: null });
    const written = given(f.inbound(1, 7, 10), f.organized("ConversationMuted", 7, 20)).when(f.inbound(2, 7, 30));
    expect(conversation(written)).toMatchObject({ muted: true, unreadCount: 2 });
    const unmuted = given(f.inbound(1, 7, 10), f.organized("ConversationMuted", 7, 20)).when(
      f.organized("ConversationUnmuted", 7, 30),
    );
    expect(conversation(unmuted)).toMatchObject({ muted: false, mutedUntil: null });
    const again = given(f.inbound(1, 7, 10), f.organized("ConversationMuted", 7, 20)).when(
      f.organized("ConversationMuted", 7, 30),
    );
    expect(changesOf(again.decisions[0] ?? { changes: [] })).toEqual([]);
  });

  it("leaves another org's conversation and an unknown one alone", () => {
    const forged = { ...f.organized("ConversationArchived", 7, 20), orgId: other.orgId };
    const model = given(f.inbound(1, 7, 10)).when(forged, f.organized("ConversationPinned", 9, 21));
    expect(model.decisions.flatMap(changesOf)).toEqual([]);
    expect(conversation(model)).toMatchObject({ archivedAt: null, pinned: false });
    expect(rowsOf(model.state.conversations)).toHaveLength(1);
  });
});
