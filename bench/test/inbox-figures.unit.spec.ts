import { describe, expect, it } from "vitest";
import { filterLabels, type InboxResult } from "../src/figures/inbox.js";
import { seededConversationId, seededId, seededLabelId } from "../src/figures/inbox-seed.js";
import { WEB_REQUEST_KINDS, type WebLatencies, type WebRequestKind } from "../src/figures/web-api.js";
import { figuresOf } from "../src/figures-of.js";
import { LatencySamples } from "../src/latency-samples.js";

// The inbox group's figures (issue 15: the loaders at 100k conversations with labels, archives and
// notes present), built from made-up latencies: which figures come out, with which targets and ratios.
const samplesOf = (ms: number) => {
  const samples = new LatencySamples();
  for (let i = 0; i < 20; i++) samples.record(ms);
  return samples;
};

const seeded = {
  labelled: 30,
  archived: 40,
  snoozed: 5,
  snoozedDue: 2,
  pinned: 1,
  noted: 10,
  notes: 28,
  byLabel: [
    { labelId: seededLabelId(1), conversations: 20 },
    { labelId: seededLabelId(2), conversations: 9 },
    { labelId: seededLabelId(3), conversations: 0 },
  ],
};

const inbox: InboxResult = {
  conversations: 100,
  messages: 1000,
  seedSeconds: 1,
  seeded,
  inboxFirstPage: samplesOf(2),
  inboxDeepPage: samplesOf(3),
  conversation: samplesOf(4),
  commonLabel: { labelId: seededLabelId(1), conversations: 20 },
  rareLabel: { labelId: seededLabelId(2), conversations: 9 },
  inboxCommonLabel: samplesOf(5),
  inboxRareLabel: samplesOf(20),
  archivedFirstPage: samplesOf(1),
  notedConversation: samplesOf(6),
  notedConversationIds: [seededConversationId(1)],
};

const web = {
  ...Object.fromEntries(WEB_REQUEST_KINDS.map((kind) => [kind, samplesOf(10)])),
  queryOverBareHttp: { inbox: samplesOf(4), conversation: samplesOf(5) },
  rssMb: 150,
  cpuUsPerRequest: Object.fromEntries(WEB_REQUEST_KINDS.map((kind) => [kind, 1000])) as Record<WebRequestKind, number>,
} as WebLatencies;

describe("bench inbox group figures", () => {
  it("ids rows as the database writes them (a v4 UUID of md5(kind || n))", () => {
    expect(seededConversationId(7)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(seededLabelId(1)).toBe(seededId("label", 1));
    expect(seededLabelId(1)).not.toBe(seededId("conversation", 1));
  });

  it("filters by the label on the most conversations and by the one on the fewest that any carries", () => {
    expect(filterLabels(seeded)).toEqual({ common: inbox.commonLabel, rare: inbox.rareLabel });
    expect(() => filterLabels({ ...seeded, byLabel: [{ labelId: seededLabelId(1), conversations: 0 }] })).toThrow(
      /no label/,
    );
  });

  it("reports the label filter, the archived view and the conversation with notes, each against p95 < 15 ms", () => {
    const figures = figuresOf({ quick: false, inbox });
    const ids = figures.map((f) => f.id);
    for (const id of [
      "inbox.first",
      "inbox.conversation",
      "inbox.label-common",
      "inbox.label-rare",
      "inbox.archived",
      "inbox.noted-conversation",
    ]) {
      expect(ids).toContain(`${id}.p50`);
      const p95 = figures.find((f) => f.id === `${id}.p95`);
      expect(p95?.target?.text).toBe("p95 < 15 ms");
    }
    expect(figures.find((f) => f.id === "inbox.label-rare.p95")?.target?.met).toBe(false);
    expect(figures.find((f) => f.id === "inbox.archived.p95")?.target?.met).toBe(true);
    expect(figures.find((f) => f.id === "inbox.label-rare.p95")?.name).toMatch(/label on 9 conv\./);
    expect(figures.find((f) => f.id === "inbox.seed")?.note).toBe(
      "30 labelled (1-3 of 3 labels), 40 archived, 5 snoozed (2 due), 1 pinned, 10 with 28 notes",
    );
  });

  it("pairs each loader over HTTP with its query alone, its target issue 16's 3× of it", () => {
    const figures = figuresOf({ quick: false, inbox, web });
    const rare = figures.find((f) => f.id === "web.inbox-label-rare.p95");
    expect(rare?.comparedTo).toEqual({ kind: "baseline", label: "its read-model query alone", value: 20 });
    expect(rare?.ratio).toBeCloseTo(0.5);
    expect(rare?.target).toMatchObject({ text: "p95 ≤ 3× its query alone", met: true });
    const archived = figures.find((f) => f.id === "web.inbox-archived.p95");
    expect(archived?.ratio).toBeCloseTo(10);
    expect(archived?.target).toMatchObject({ text: "p95 ≤ 3× its query alone", met: false });
    // The API is measured beside its query too, but issue 16 sets it no goal.
    expect(figures.find((f) => f.id === "web.api-list.p95")?.target).toBeUndefined();
    // Opening a conversation from the list has the goal; a live update's reload of every loader of
    // its page is shown beside the same query, with none.
    expect(figures.find((f) => f.id === "web.conversation-loader.p95")?.target?.text).toBe("p95 ≤ 3× its query alone");
    const reload = figures.find((f) => f.id === "web.conversation-reload.p95");
    expect(reload?.comparedTo?.value).toBe(4);
    expect(reload?.target).toBeUndefined();
    expect(figures.find((f) => f.id === "web.noted-conversation-loader.p95")?.comparedTo?.value).toBe(6);
    // The server-rendered page has no query alone to compare with; issue 16 gives it the same 15 ms.
    const document = figures.find((f) => f.id === "web.inbox-document.p95");
    expect(document?.comparedTo).toBeUndefined();
    expect(document?.target?.text).toBe("p95 < 15 ms");
  });

  it("shows each goal loader's query over bare node:http beside its query alone, and the loader as a multiple of it", () => {
    const figures = figuresOf({ quick: false, inbox, web });
    const inboxFloor = figures.find((f) => f.id === "web.floor.inbox-query.p95");
    expect(inboxFloor).toMatchObject({ value: 4, comparedTo: { label: "its read-model query alone", value: 2 } });
    expect(inboxFloor?.ratio).toBeCloseTo(2);
    expect(inboxFloor?.target).toBeUndefined();
    const conversationFloor = figures.find((f) => f.id === "web.floor.conversation-query.p95");
    expect(conversationFloor).toMatchObject({ value: 5, comparedTo: { value: 4 } });
    expect(figures.find((f) => f.id === "web.inbox-loader.p95")?.note).toBe(
      "web CPU 1000 µs per request; p95 2.50× its query over bare node:http",
    );
    expect(figures.find((f) => f.id === "web.conversation-loader.p95")?.note).toMatch(/ 2\.00× its query over bare/);
    // Only the two loaders whose query the floor serves carry the multiple.
    expect(figures.find((f) => f.id === "web.inbox-archived.p95")?.note).toBe("web CPU 1000 µs per request");
  });
});
