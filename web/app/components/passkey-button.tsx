import { useState } from "react";
import { useRootData } from "#app/root";
import { PasskeyProblem, provePasskey } from "./passkey-client";

/**
 * A button that proves a passkey at `url` for `fields` (e.g. the log-in purpose) and then goes
 * where the server says, or calls `onDone` with its answer.
 */
export function PasskeyButton(props: {
  url: string;
  fields: Record<string, string>;
  label: string;
  className?: string;
  onDone?: (answer: Record<string, unknown>) => void;
}) {
  const csrf = useRootData()?.csrf ?? "";
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function prove() {
    setBusy(true);
    setError(null);
    try {
      const answer = await provePasskey(props.url, csrf, props.fields);
      if (props.onDone) props.onDone(answer);
      else if (typeof answer.redirectTo === "string") window.location.assign(answer.redirectTo);
    } catch (problem) {
      setError(problem instanceof PasskeyProblem ? problem.message : "The passkey did not work.");
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="stack">
      <button type="button" className={props.className ?? "button"} onClick={prove} disabled={busy}>
        {busy ? "Waiting for your passkey…" : props.label}
      </button>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
