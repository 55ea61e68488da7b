import { useCallback, useEffect, useSyncExternalStore } from "react";
import { useRootData } from "#app/root";
import { createDraftStore, type DraftStore } from "./draft-store.ts";
import { keptOf } from "./drafts-kept.ts";

// One store per page, made on first use in the browser (the server renders no drafts).
let store: DraftStore | undefined;

function browserDraftStore(): DraftStore {
  if (!store) {
    const drafts = createDraftStore(localStorageOrNull());
    // Another tab typing, sending or logging out changes this tab's list too.
    window.addEventListener("storage", (event) => {
      if (event.storageArea === window.localStorage) drafts.changedElsewhere(event.key);
    });
    store = drafts;
  }
  return store;
}

function localStorageOrNull(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage disabled: drafts live as long as the page
  }
}

const subscribe = (listener: () => void) => browserDraftStore().subscribe(listener);
const noDraft = () => "";

/** The signed-in user's drafts are theirs alone on a shared browser. */
function useDraftScope(): string {
  // Every page with a reply box is signed in; the fallback only keeps the box editable.
  return useRootData()?.account?.userId ?? "nobody";
}

/**
 * A conversation's reply draft, as [text, setText]. The server's render and the first one in the
 * browser have none; the stored draft shows once the page has hydrated.
 */
export function useDraft(conversationId: string): [string, (text: string) => void] {
  const scope = useDraftScope();
  const text = useSyncExternalStore(subscribe, () => browserDraftStore().read(scope, conversationId), noDraft);
  const setText = useCallback(
    (next: string) => browserDraftStore().write(scope, conversationId, next),
    [scope, conversationId],
  );
  return [text, setText];
}

/** Forgets the signed-in user's drafts to these conversations (a contact erased), as a function. */
export function useForgetDrafts(): (conversationIds: readonly string[]) => void {
  const scope = useDraftScope();
  return useCallback(
    (conversationIds) => {
      for (const id of conversationIds) browserDraftStore().write(scope, id, "");
    },
    [scope],
  );
}

/**
 * Forgets the drafts to conversations that are no longer there (a contact erased on another
 * device): asked when the inbox opens and whenever the app comes back into view (drafts-kept.ts).
 */
export function useForgetDraftsOfGoneConversations() {
  const scope = useDraftScope();
  const forgetDrafts = useForgetDrafts();
  useEffect(() => {
    let asking = false;
    const ask = async () => {
      const asked = browserDraftStore().conversationsWithDrafts(scope);
      if (asking || asked.length === 0) return;
      asking = true;
      try {
        const kept = await keptOf(asked, window.fetch.bind(window));
        if (kept) forgetDrafts(asked.filter((id) => !kept.has(id)));
      } finally {
        asking = false;
      }
    };
    const onVisible = () => {
      if (document.visibilityState === "visible") void ask();
    };
    void ask();
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, [scope, forgetDrafts]);
}

/** Forgets every draft on this device, at log-out: the next person at it finds none. */
export function forgetDraftsOnThisDevice() {
  browserDraftStore().forgetAll();
}
