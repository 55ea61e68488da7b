/** The customer's reaction to a message, pinned to the bubble's corner as WhatsApp shows it. */
export function CustomerReaction({ emoji }: { emoji: string | null }) {
  if (!emoji) return null;
  return (
    <span className="bubble-reaction" role="img" aria-label={`Customer reacted ${emoji}`} data-reaction={emoji}>
      {emoji}
    </span>
  );
}
