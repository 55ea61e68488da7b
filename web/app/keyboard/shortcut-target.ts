/**
 * What the inbox's keyboard shortcuts (issue 15) leave alone: a key typed into a field (an input,
 * a textarea, a select, anything contenteditable), one with Ctrl, Cmd or Alt (the browser's and
 * the system's), one an earlier handler took, and every key while a dialog other than the
 * shortcuts' own is open.
 */
export function isShortcutKey(event: KeyboardEvent): boolean {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return false;
  if (isTypingTarget(event.target)) return false;
  return document.querySelector("dialog[open]:not(.shortcuts-help), [role=dialog][aria-modal=true]") === null;
}

export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target.closest("input, textarea, select, [contenteditable]:not([contenteditable=false])") !== null;
}

/** The id of the conversation a list link opens (`/inbox/<id>?…`), if it is one. */
export function conversationIdOfLink(link: Element | null): string | undefined {
  const href = link?.getAttribute("href") ?? "";
  const match = /^\/inbox\/([0-9a-f-]{36})(?:[?#]|$)/i.exec(href);
  return match?.[1];
}

/** The next row's index for `j` (+1) or `k` (-1) from `at` (-1: none yet), kept within the list. */
export function steppedIndex(at: number, step: 1 | -1, length: number): number {
  if (length === 0) return -1;
  if (at < 0) return step === 1 ? 0 : length - 1;
  return Math.min(length - 1, Math.max(0, at + step));
}
