import { type AutoReplyKind, autoReplyKindOf } from "@cloudpa/contracts/auto-reply-kind";

const SHOWN: Record<AutoReplyKind, string> = { away: "away message", greeting: "greeting" };

/**
 * Marks a message the auto-replier sent (docs/decisions/026) in its bubble, as text a screen
 * reader reads with the time: "Automatic · away message". Nothing for a reply someone sent.
 */
export function AutomaticMark({ requestedBy }: { requestedBy: string | null }) {
  const kind = autoReplyKindOf(requestedBy);
  if (!kind) return null;
  return (
    <span className="automatic-mark" data-automatic={kind}>
      {`Automatic · ${SHOWN[kind]}`}
    </span>
  );
}
