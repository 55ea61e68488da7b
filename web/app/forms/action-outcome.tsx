/**
 * What an action of Settings answers the user, in words: done, or refused. One shape for every
 * page, so a refusal ("That session has already ended.") never shows as a success.
 */
export interface ActionOutcome {
  ok: boolean;
  message: string;
}

/** The outcome where the user acted: a notice when done, an alert when refused; nothing before. */
export function ActionOutcomeMessage({ outcome }: { outcome: ActionOutcome | null | undefined }) {
  if (!outcome) return null;
  return (
    <p className={outcome.ok ? "notice" : "form-error"} role={outcome.ok ? "status" : "alert"}>
      {outcome.message}
    </p>
  );
}
