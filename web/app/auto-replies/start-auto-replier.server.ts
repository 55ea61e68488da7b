import { jetstreamManager } from "@nats-io/jetstream";
import type { WebContext } from "#app/web-context.server.ts";
import { AutoReplier } from "./auto-replier.server.ts";

/**
 * The web process's auto-replier (docs/decisions/026). It needs the keyring that verifies the
 * customers' messages; without one it stays off, says so, and Settings › Working hours tells.
 */
export async function startAutoReplier(web: WebContext): Promise<{ stop(): Promise<void> } | undefined> {
  const { env, logger } = web;
  if (!env.EVENT_PUBLIC_KEYS) {
    logger.info("automatic replies off: EVENT_PUBLIC_KEYS is not set");
    return undefined;
  }
  const replier = new AutoReplier({
    js: web.js,
    jsm: await jetstreamManager(web.nc),
    names: web.names,
    db: web.db,
    logger,
    keyring: env.EVENT_PUBLIC_KEYS,
    signingKey: env.WEB_SIGNING_KEY,
  });
  await replier.start();
  return replier;
}
