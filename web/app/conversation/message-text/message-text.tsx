import { Fragment } from "react";
import { linkParts } from "./link-parts.ts";

/**
 * A message's text in its bubble, its links tappable. A link opens in a new tab, with no referrer
 * and no access to this page (`noopener noreferrer`), and says it is the customer's (`nofollow`).
 * The plain runs stay text, so a link reads as words of its sentence.
 */
export function MessageText({ text }: { text: string }) {
  return (
    <p className="bubble-text">
      {linkParts(text).map((part, index) =>
        part.href ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text, in order, never reordered
          <a key={index} href={part.href} target="_blank" rel="noopener noreferrer nofollow" className="message-link">
            {part.text}
          </a>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text, in order, never reordered
          <Fragment key={index}>{part.text}</Fragment>
        ),
      )}
    </p>
  );
}
