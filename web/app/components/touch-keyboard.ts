import { useSyncExternalStore } from "react";

/** A phone or a tablet: the primary pointer is a finger, and nothing hovers. */
const TOUCH_FIRST = "(hover: none) and (pointer: coarse)";

function subscribe(changed: () => void): () => void {
  const query = window.matchMedia(TOUCH_FIRST);
  query.addEventListener("change", changed);
  return () => query.removeEventListener("change", changed);
}

/**
 * Whether the page is typed into with an on-screen keyboard. There Return writes a new line, as
 * in WhatsApp itself, and Send is tapped. False when rendered on the server, until hydrated.
 */
export function useTouchKeyboard(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(TOUCH_FIRST).matches,
    () => false,
  );
}
