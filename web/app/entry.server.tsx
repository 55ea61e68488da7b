import { PassThrough } from "node:stream";
import { type AppLoadContext, createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "./nonce";

export { pruneExpiredSessions } from "#app/accounts/sessions.server.ts";
export { startAutoReplier } from "#app/auto-replies/start-auto-replier.server.ts";
export { registerEnvChannel } from "#app/channels/env-channel.server.ts";
export { startPushSender } from "#app/notifications/start-push-sender.server.ts";
export { webReadiness } from "#app/ops/readiness.server.ts";
export { logRequestError as handleError } from "#app/ops/request-errors.server.ts";
// server.js builds the per-process context through the server build, so the context code is
// bundled and type-checked with the app.
export { bodyLimitOf } from "#app/security/body-limit.server.ts";
export { checkOrigin } from "#app/security/csrf.server.ts";
export { cspNonceOf, securityHeaders } from "#app/security/security-headers.server.ts";
export { createWebContext, parseWebEnv } from "./web-context.server.ts";

export const streamTimeout = 5_000;

// Every page and every loader's data is drawn for one session (and each form carries its CSRF
// token): no browser or proxy may keep a copy to show someone else, or after log-out.
const SESSION_BOUND = "no-store";

export function handleDataRequest(response: Response): Response {
  if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", SESSION_BOUND);
  return response;
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // Every script React and Remix write into the page carries this request's CSP nonce.
  const nonce = loadContext.cspNonce ?? "";
  // Crawlers get the whole document at once; browsers get the shell as soon as it is ready.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    // A render still streaming after streamTimeout is aborted. The timer is cleared once the
    // page is written (or the shell failed): left to run, it would keep each page's render and
    // loader data alive for six seconds after the answer (issue 16).
    const abortTimer = setTimeout(() => abort(), streamTimeout + 1000);
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          responseHeaders.set("Cache-Control", SESSION_BOUND);
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          body.once("close", () => clearTimeout(abortTimer));
          pipe(body);
        },
        onShellError(error: unknown) {
          clearTimeout(abortTimer);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
  });
}
