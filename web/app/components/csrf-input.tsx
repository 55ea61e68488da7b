import { useRootData } from "#app/root";

/** The CSRF token every form posts (see app/security/csrf.server.ts). */
export function CsrfInput() {
  const root = useRootData();
  return <input type="hidden" name="csrf" value={root?.csrf ?? ""} />;
}
