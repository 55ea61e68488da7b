import { errorContext } from "@cloudpa/kit";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse } from "@remix-run/react";
import type { Authenticated } from "#app/accounts/authenticate.server.ts";

/**
 * Remix's `handleError` (exported by entry.server.tsx): a loader's or an action's unexpected error
 * goes to the web's own log, with the request and, when the caller was known, their org, where
 * Remix alone printed a bare stack to the console. The page still answers "Something went wrong".
 * Not errors: a request the browser gave up, a thrown Response, and a 4xx Remix answered itself
 * (a path no route matches, such as a browser's /favicon.ico).
 */
export function logRequestError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs): void {
  if (request.signal.aborted || error instanceof Response) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  // Remix wraps what a route threw in a 500 of its own; the log says what was thrown.
  const thrown = isRouteErrorResponse(error) ? ((error as { error?: unknown }).error ?? error) : error;
  const { pathname } = new URL(request.url);
  const caller = (context.perRequest?.caller as Promise<Authenticated | undefined> | undefined) ?? Promise.resolve();
  void caller
    .catch(() => undefined)
    .then((auth) =>
      context.web.logger.error("request failed", {
        method: request.method,
        path: pathname,
        ...(auth ? { orgId: auth.account.orgId } : {}),
        ...errorContext(thrown),
      }),
    );
}
