import { useEffect } from "react";
import { useRootData } from "#app/root";
import { PasskeyButton } from "./passkey-button";
import { browserSupportsWebAuthnAutofill, provePasskey } from "./passkey-client";

const PASSKEY_LOGIN_URL = "/login/passkey";

/**
 * "Log in with a passkey" on the log-in page, and, where the browser offers passkeys in the
 * email field's autofill (conditional UI), that too: picking one there logs in.
 */
export function PasskeyLogin({ redirectTo }: { redirectTo: string }) {
  const csrf = useRootData()?.csrf ?? "";
  useEffect(() => {
    let cancelled = false;
    const start = async () => {
      if (cancelled || !csrf || !(await browserSupportsWebAuthnAutofill())) return;
      try {
        const answer = await provePasskey(
          PASSKEY_LOGIN_URL,
          csrf,
          { purpose: "login", redirectTo },
          { autofill: true },
        );
        if (!cancelled && typeof answer.redirectTo === "string") window.location.assign(answer.redirectTo);
      } catch {
        // Autofill was dismissed or replaced by the button's own prompt: nothing to say.
      }
    };
    // After this render settles: a mount that React throws away at once (a hydration retry)
    // starts no ceremony whose challenge the next mount's would replace.
    const timer = setTimeout(start, 0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [csrf, redirectTo]);
  return (
    <PasskeyButton url={PASSKEY_LOGIN_URL} fields={{ purpose: "login", redirectTo }} label="Log in with a passkey" />
  );
}
