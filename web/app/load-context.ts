import type { WebContext } from "../src/web-context.server.ts";

declare module "@remix-run/node" {
  interface AppLoadContext {
    web: WebContext;
    /** The client's address as the server saw it (express `req.ip`): what login rate limiting counts by. */
    clientIp: string;
  }
}
