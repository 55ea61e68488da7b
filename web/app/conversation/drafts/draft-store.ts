/**
 * Replies half-written, one per conversation, kept on this device (localStorage) so that opening
 * another conversation, reloading or closing the browser loses nothing (decision 046).
 *
 * A draft is keyed by the signed-in user and the conversation: two accounts on one browser never
 * see each other's. Drafts are forgotten at log-out, when sent, when their conversation is erased
 * (on this device or another: drafts-kept.ts), and after DRAFT_LIFETIME_MS untouched.
 */

/** What the store reads and writes: window.localStorage in a browser, a Map in a unit test. */
export type DraftStorage = Pick<Storage, "getItem" | "setItem" | "removeItem" | "key" | "length">;

export const DRAFT_KEY_PREFIX = "cloudpa.draft:";
/** A draft left untouched this long is gone: a month-old thought is no longer a reply. */
export const DRAFT_LIFETIME_MS = 30 * 24 * 3_600_000;

export interface DraftStore {
  /** The draft as typed ("" when there is none). Stable between writes, as useSyncExternalStore needs. */
  read(scope: string, conversationId: string): string;
  /** Keeps the text as the conversation's draft; "" forgets it. */
  write(scope: string, conversationId: string, text: string): void;
  /** The conversations the user has a draft to on this device, a stale one's included. */
  conversationsWithDrafts(scope: string): string[];
  /** Forgets every draft of every user on this device. */
  forgetAll(): void;
  /** Another tab changed the storage: `key` is the changed key, or null when it was cleared. */
  changedElsewhere(key: string | null): void;
  subscribe(listener: () => void): () => void;
}

/** A draft as stored under its key. */
interface Stored {
  text: string;
  savedAt: number;
}

export function createDraftStore(storage: DraftStorage | null, now: () => number = Date.now): DraftStore {
  const listeners = new Set<() => void>();
  // Read once per key: a snapshot is asked for at every render of every list row.
  const cache = new Map<string, string>();

  const keyOf = (scope: string, conversationId: string) => `${DRAFT_KEY_PREFIX}${scope}:${conversationId}`;
  const notify = () => {
    for (const listener of listeners) listener();
  };

  function read(scope: string, conversationId: string): string {
    const key = keyOf(scope, conversationId);
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    const raw = quietly(() => storage?.getItem(key) ?? null, null);
    const stored = raw === null ? null : parseStored(raw);
    const text = stored !== null && now() - stored.savedAt < DRAFT_LIFETIME_MS ? stored.text : "";
    if (raw !== null && text === "") quietly(() => storage?.removeItem(key), undefined);
    cache.set(key, text);
    return text;
  }

  function write(scope: string, conversationId: string, text: string) {
    if (read(scope, conversationId) === text) return;
    const key = keyOf(scope, conversationId);
    cache.set(key, text);
    const value: Stored = { text, savedAt: now() };
    // A full or refused storage (a private window, a quota) keeps the draft for this page's life only.
    quietly(() => (text === "" ? storage?.removeItem(key) : storage?.setItem(key, JSON.stringify(value))), undefined);
    notify();
  }

  function conversationsWithDrafts(scope: string): string[] {
    const prefix = keyOf(scope, "");
    const keys = quietly(() => draftKeysIn(storage), []);
    return keys.filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
  }

  function forgetAll() {
    const keys = quietly(() => draftKeysIn(storage), []);
    for (const key of keys) quietly(() => storage?.removeItem(key), undefined);
    cache.clear();
    notify();
  }

  function changedElsewhere(key: string | null) {
    if (key === null) cache.clear();
    else if (key.startsWith(DRAFT_KEY_PREFIX)) cache.delete(key);
    else return;
    notify();
  }

  function subscribe(listener: () => void) {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }

  return { read, write, conversationsWithDrafts, forgetAll, changedElsewhere, subscribe };
}

function draftKeysIn(storage: DraftStorage | null): string[] {
  const keys: string[] = [];
  for (let i = 0; storage && i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(DRAFT_KEY_PREFIX)) keys.push(key);
  }
  return keys;
}

/**
 * What another version of the page, or another hand, left under a draft's key is not trusted.
 * Checked by hand, not by a zod schema: zod is not in the browser's bundle, and its first parse
 * probes for eval, which the Content-Security-Policy refuses.
 */
function parseStored(raw: string): Stored | null {
  const value = quietly<unknown>(() => JSON.parse(raw), null);
  if (typeof value !== "object" || value === null) return null;
  const { text, savedAt } = value as Record<string, unknown>;
  return typeof text === "string" && typeof savedAt === "number" ? { text, savedAt } : null;
}

/** Storage can throw (disabled, full, a private window): a draft is a convenience, never an error. */
function quietly<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    return fallback;
  }
}
