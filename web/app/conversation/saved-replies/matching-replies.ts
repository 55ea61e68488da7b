/** A saved reply as the conversation's loader gives it: its body as written. */
export interface ComposerSavedReply {
  id: string;
  name: string;
  shortcut: string;
  body: string;
}

/**
 * The saved replies the composer lists for what follows `/` (issue 15): those whose shortcut
 * starts with it first, then those whose name holds it (ignoring case), each group in the
 * loader's order (by shortcut).
 */
export function matchingReplies(replies: readonly ComposerSavedReply[], query: string): ComposerSavedReply[] {
  const q = query.toLowerCase();
  const byShortcut = replies.filter((one) => one.shortcut.startsWith(q));
  const byName = replies.filter((one) => !one.shortcut.startsWith(q) && one.name.toLowerCase().includes(q));
  return [...byShortcut, ...byName];
}
