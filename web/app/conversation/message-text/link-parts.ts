import { LinkifyIt } from "linkify-it";

/** A run of a message's text: plain, or a link a person can open. */
export type TextPart = { text: string; href?: string };

// Web and mail links only: WhatsApp opens these too, and nothing else (ftp:, protocol-relative
// //host) is offered as a link from text a customer wrote.
const linkify = new LinkifyIt({ fuzzyLink: true }).add("ftp:", null).add("//", null);
const OPENABLE = /^(https?:|mailto:)/i;

/**
 * A message's text cut into plain runs and links, as WhatsApp shows them: `https://…`, a bare
 * `www.example.com` or `example.com` (opened as http), and an e-mail address (mailto). The text of
 * every run is the message's own, so the parts joined are the text.
 */
export function linkParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let from = 0;
  for (const match of linkify.match(text) ?? []) {
    if (!OPENABLE.test(match.url)) continue;
    if (match.index > from) parts.push({ text: text.slice(from, match.index) });
    parts.push({ text: text.slice(match.index, match.lastIndex), href: match.url });
    from = match.lastIndex;
  }
  if (from < text.length || parts.length === 0) parts.push({ text: text.slice(from) });
  return parts;
}
