import { describe, expect, it } from "vitest";
import { createDraftStore, DRAFT_KEY_PREFIX, DRAFT_LIFETIME_MS, type DraftStorage } from "./draft-store.ts";

/** localStorage's behaviour over a Map, with a switch to make it refuse writes as a full one does. */
function memoryStorage() {
  const items = new Map<string, string>();
  const state = { full: false };
  const storage: DraftStorage = {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => {
      if (state.full) throw new DOMException("quota", "QuotaExceededError");
      items.set(key, value);
    },
    removeItem: (key) => {
      items.delete(key);
    },
    key: (index) => [...items.keys()][index] ?? null,
    get length() {
      return items.size;
    },
  };
  return { storage, items, state };
}

const grace = "9d3c4f8e-0000-4000-8000-000000000001";
const ada = "9d3c4f8e-0000-4000-8000-000000000002";

describe("a conversation's reply draft", () => {
  it("is kept per user and conversation, and read back by a new page", () => {
    const { storage } = memoryStorage();
    const clock = { now: 1_000 };
    const first = createDraftStore(storage, () => clock.now);
    first.write("user-1", grace, "Half a thought for Grace");

    const nextPage = createDraftStore(storage, () => clock.now);
    expect(nextPage.read("user-1", grace)).toBe("Half a thought for Grace");
    expect(nextPage.read("user-1", ada)).toBe("");
    // Another account on the same browser does not see it.
    expect(nextPage.read("user-2", grace)).toBe("");
  });

  it("is forgotten when emptied (sent), leaving nothing stored", () => {
    const { storage, items } = memoryStorage();
    const drafts = createDraftStore(storage);
    drafts.write("user-1", grace, "See you at 9");
    drafts.write("user-1", grace, "");
    expect(drafts.read("user-1", grace)).toBe("");
    expect(items.size).toBe(0);
  });

  it("tells its listeners of a change, once per change", () => {
    const drafts = createDraftStore(memoryStorage().storage);
    let calls = 0;
    const stop = drafts.subscribe(() => calls++);
    drafts.write("user-1", grace, "a");
    drafts.write("user-1", grace, "a");
    drafts.write("user-1", grace, "ab");
    stop();
    drafts.write("user-1", grace, "abc");
    expect(calls).toBe(2);
  });

  it("lapses after its lifetime untouched, and is removed then", () => {
    const { storage, items } = memoryStorage();
    const clock = { now: 0 };
    createDraftStore(storage, () => clock.now).write("user-1", grace, "An old thought");
    clock.now = DRAFT_LIFETIME_MS - 1;
    expect(createDraftStore(storage, () => clock.now).read("user-1", grace)).toBe("An old thought");
    clock.now = DRAFT_LIFETIME_MS;
    expect(createDraftStore(storage, () => clock.now).read("user-1", grace)).toBe("");
    expect(items.size).toBe(0);
  });

  it("treats what it did not write under its key as no draft", () => {
    const { storage, items } = memoryStorage();
    items.set(`${DRAFT_KEY_PREFIX}user-1:${grace}`, "not json {");
    items.set(`${DRAFT_KEY_PREFIX}user-1:${ada}`, JSON.stringify({ text: 42, savedAt: "yesterday" }));
    const drafts = createDraftStore(storage);
    expect(drafts.read("user-1", grace)).toBe("");
    expect(drafts.read("user-1", ada)).toBe("");
  });

  it("keeps a draft for the page's life when storage refuses it", () => {
    const { storage, state } = memoryStorage();
    state.full = true;
    const drafts = createDraftStore(storage);
    drafts.write("user-1", grace, "Typed in a private window");
    expect(drafts.read("user-1", grace)).toBe("Typed in a private window");
    expect(createDraftStore(null).read("user-1", grace)).toBe("");
  });

  it("forgets every user's drafts at log-out, and only drafts", () => {
    const { storage, items } = memoryStorage();
    items.set("cloudpa.something-else", "kept");
    const drafts = createDraftStore(storage);
    drafts.write("user-1", grace, "one");
    drafts.write("user-2", ada, "two");
    drafts.forgetAll();
    expect(drafts.read("user-1", grace)).toBe("");
    expect(drafts.read("user-2", ada)).toBe("");
    expect([...items.keys()]).toEqual(["cloudpa.something-else"]);
  });

  it("lists the user's conversations with a draft, to ask which are still there", () => {
    const { storage, items } = memoryStorage();
    items.set("cloudpa.something-else", "kept");
    const drafts = createDraftStore(storage);
    drafts.write("user-1", grace, "one");
    drafts.write("user-1", ada, "two");
    drafts.write("user-2", grace, "someone else's");
    expect(drafts.conversationsWithDrafts("user-1").sort()).toEqual([grace, ada].sort());
    expect(drafts.conversationsWithDrafts("user-3")).toEqual([]);
  });

  it("reads again what another tab changed", () => {
    const { storage } = memoryStorage();
    const here = createDraftStore(storage);
    const otherTab = createDraftStore(storage);
    expect(here.read("user-1", grace)).toBe("");
    otherTab.write("user-1", grace, "From the other tab");
    expect(here.read("user-1", grace)).toBe("");
    let calls = 0;
    here.subscribe(() => calls++);
    here.changedElsewhere("unrelated-key");
    expect(calls).toBe(0);
    here.changedElsewhere(`${DRAFT_KEY_PREFIX}user-1:${grace}`);
    expect(here.read("user-1", grace)).toBe("From the other tab");
    otherTab.forgetAll();
    here.changedElsewhere(null);
    expect(here.read("user-1", grace)).toBe("");
    expect(calls).toBe(2);
  });
});
