import { errorContext } from "@cloudpa/kit";
import { jetstreamManager } from "@nats-io/jetstream";
import type { WebContext } from "#app/web-context.server.ts";
import { PushSender } from "./push-sender.server.ts";
import { prunePushDeliveries } from "./push-subscriptions.server.ts";

/** Delivery records are kept far longer than any redelivery of their event (ack wait × retries). */
const KEEP_DELIVERIES_MS = 7 * 24 * 60 * 60_000;
const PRUNE_EVERY_MS = 60 * 60_000;

/**
 * The web process's push sender (docs/decisions/025), when Web Push is configured: a VAPID key, and
 * the keyring that verifies the events. Without the key pushes are off (Settings says so); with
 * the key and no keyring the web refuses to start, since it could push nothing it can trust.
 */
export async function startPushSender(web: WebContext): Promise<{ stop(): Promise<void> } | undefined> {
  const { env, logger } = web;
  const vapid = env.WEB_PUSH_VAPID_PRIVATE_KEY;
  if (!vapid) {
    logger.info("web push off: WEB_PUSH_VAPID_PRIVATE_KEY is not set");
    return undefined;
  }
  if (!env.EVENT_PUBLIC_KEYS) {
    throw new Error("WEB_PUSH_VAPID_PRIVATE_KEY is set but EVENT_PUBLIC_KEYS is not: pushes need verified events");
  }
  const sender = new PushSender({
    js: web.js,
    jsm: await jetstreamManager(web.nc),
    names: web.names,
    db: web.db,
    readModelSchema: web.readModelSchema,
    logger,
    keyring: env.EVENT_PUBLIC_KEYS,
    vapid: { ...vapid, subject: env.WEB_PUSH_SUBJECT },
    serviceHosts: env.WEB_PUSH_SERVICE_HOSTS,
  });
  await sender.start();
  const prune = setInterval(() => {
    prunePushDeliveries(web.db, KEEP_DELIVERIES_MS).catch((error) =>
      logger.warn("pruning push deliveries failed", errorContext(error)),
    );
  }, PRUNE_EVERY_MS);
  prune.unref();
  return {
    async stop() {
      clearInterval(prune);
      await sender.stop();
    },
  };
}
