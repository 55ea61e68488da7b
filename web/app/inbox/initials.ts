import { shownHandle } from "./shown-handle.ts";

/**
 * The avatar's letters for a contact's name: the first letter of each of its first two words
 * that have one, so "Maya (kitchen)" is "MK", not "M("; `#` for a number, `?` when no word has a
 * letter (an emoji-only name). Letters of any script, including those outside the BMP.
 */
export function initialsOf(name: string): string {
  const words = shownHandle(name).trim().split(/\s+/).filter(Boolean);
  if (/^\+?\d/.test(words[0] ?? "")) return "#";
  const letters = words.flatMap((word) => word.match(/\p{L}/u) ?? []).slice(0, 2);
  return letters.length === 0 ? "?" : letters.join("").toUpperCase();
}
