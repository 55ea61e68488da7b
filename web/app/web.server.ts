import { type AppLoadContext, redirect } from "@remix-run/node";
import type { Account } from "#app/accounts/accounts.server.ts";
import { type Authenticated, authenticate } from "#app/accounts/authenticate.server.ts";
import { notificationSettingsOf } from "#app/notifications/notification-settings.server.ts";
import type { NotificationSettings } from "#app/notifications/notification-settings.ts";
import { checkCsrf } from "#app/security/csrf.server.ts";
import type { WebContext } from "./web-context.server.ts";

export function webOf(context: AppLoadContext): WebContext {
  return context.web;
}

/**
 * What the loaders of one read (GET or HEAD) share, computed once per HTTP request under `key`
 * (`context.perRequest`): a client navigation to a conversation runs three loaders, which would
 * each read the same thing. A write computes it every time: an action may change it.
 */
export function sharedByRead<T>(
  context: AppLoadContext,
  request: Request,
  key: string,
  compute: () => Promise<T>,
): Promise<T> {
  const shared = context.perRequest;
  if (!shared || (request.method !== "GET" && request.method !== "HEAD")) return compute();
  shared[key] ??= compute();
  return shared[key] as Promise<T>;
}

/** The caller of a read, looked up once per request (sharedByRead); a write may sign out or revoke sessions. */
export function authenticateRead(context: AppLoadContext, request: Request): Promise<Authenticated | undefined> {
  return sharedByRead(context, request, "caller", () => authenticate(context.web.db, request));
}

/**
 * The signed-in user's notification choices for a read: those read with the session in the same
 * statement (sessionOf, issue 16), else (a caller without them) read on their own.
 */
export async function notificationSettingsForRead(
  context: AppLoadContext,
  request: Request,
  account: Account,
): Promise<NotificationSettings> {
  const auth = await authenticateRead(context, request);
  if (auth?.account.userId === account.userId && auth.notificationSettings) return auth.notificationSettings;
  return notificationSettingsOf(context.web.db, account.userId);
}

/** The signed-in account, or a redirect to /login that comes back here. */
export async function requireAccount(context: AppLoadContext, request: Request): Promise<Account> {
  const auth = await authenticateRead(context, request);
  if (auth?.via === "session") return auth.account;
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/** Reads a form and checks its CSRF token; a forged post is answered 403 and does nothing. */
export async function readCheckedForm(context: AppLoadContext, request: Request): Promise<FormData> {
  const form = await request.formData();
  const verdict = checkCsrf(request, form, context.web.env.SESSION_SECRET);
  if (!verdict.ok) {
    context.web.logger.warn("form refused", { reason: verdict.reason, path: new URL(request.url).pathname });
    throw new Response("This form expired or came from another site. Reload the page and try again.", {
      status: 403,
    });
  }
  return form;
}

export function clientIpOf(context: AppLoadContext): string {
  return context.clientIp || "unknown";
}
