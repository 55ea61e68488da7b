import { createContext, useContext } from "react";

/**
 * The CSP nonce of the request being rendered (see app/security/security-headers.server.ts). Only the
 * server knows it; in the browser it is "" (the scripts it guards are already in the page, and
 * the browser hides a nonce from the DOM anyway).
 */
const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
