import { useRootData } from "../root";

/** The CSRF token every form posts (see src/security/csrf.server.ts). */
export function CsrfInput() {
  const root = useRootData();
  return <input type="hidden" name="csrf" value={root?.csrf ?? ""} />;
}
