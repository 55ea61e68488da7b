import { type KindMessage, messageAnchorOf, quoteTextOf } from "./kind-message.ts";

/**
 * The message a reply quotes, above its bubble, as WhatsApp shows it; a click jumps to the quoted
 * bubble. A quote of a message the inbox does not hold says so instead.
 */
export function QuotedMessage({ message }: { message: KindMessage }) {
  if (!message.replyToSid || message.kind === "reaction") return null;
  const quoted = message.replyTo;
  if (!quoted) {
    return (
      <p className="quoted quoted-missing muted small" data-quoted-sid={message.replyToSid}>
        ↩ Replying to an earlier message
      </p>
    );
  }
  return (
    <a
      className={`quoted quoted-${quoted.direction}`}
      href={`#${messageAnchorOf(quoted.id)}`}
      data-quoted-id={quoted.id}
      onClick={(event) => {
        const target = document.getElementById(messageAnchorOf(quoted.id));
        if (!target) return;
        event.preventDefault();
        // A smooth scroll is motion: a device that asks for less gets the jump at once.
        const lessMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
        target.scrollIntoView({ block: "center", behavior: lessMotion ? "auto" : "smooth" });
        target.classList.add("flash");
        setTimeout(() => target.classList.remove("flash"), 1500);
      }}
    >
      <span className="quoted-who">{quoted.direction === "outbound" ? "You" : "Customer"}</span>
      <span className="quoted-text">{quoteTextOf(quoted)}</span>
    </a>
  );
}
