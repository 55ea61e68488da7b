import type { WebContext } from "./web-context.server.ts";

declare module "@remix-run/node" {
  interface AppLoadContext {
    web: WebContext;
    /** The client's address as the server saw it (express `req.ip`): what login rate limiting counts by. */
    clientIp: string;
    /**
     * This request's CSP nonce (app/security/security-headers.server.ts): every script in the page carries
     * it. server.js always sets it; a loader tested on its own needs none.
     */
    cspNonce?: string;
    /**
     * What the loaders of one HTTP request share: server.js makes a fresh one per request. Remix
     * runs the loaders of every matched route (root, /inbox, /inbox/:id) with this one context,
     * and each would otherwise read the same session and labels again (sharedByRead in web.server.ts).
     * Absent, e.g. for a loader tested on its own, nothing is shared.
     */
    perRequest?: Record<string, Promise<unknown>>;
  }
}
