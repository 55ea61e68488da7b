import type { ActionFunctionArgs } from "@remix-run/node";
import { SESSION_COOKIE } from "#app/accounts/sessions.server.ts";
import { CSRF_COOKIE, CSRF_FIELD, issueCsrfToken } from "#app/security/csrf.server.ts";
import type { WebContext } from "#app/web-context.server.ts";

/**
 * A route action's arguments for a same-site form post, as a browser sends it: a signed CSRF
 * token in cookie and field, optionally a session, from `clientIp` (what server.js puts in the
 * load context after its trusted-proxy logic).
 */
export function formPost(
  web: WebContext,
  path: string,
  fields: Record<string, string>,
  options: { clientIp: string; session?: string },
): ActionFunctionArgs {
  const csrf = issueCsrfToken(web.env.SESSION_SECRET);
  const cookies = [`${CSRF_COOKIE}=${csrf}`, ...(options.session ? [`${SESSION_COOKIE}=${options.session}`] : [])];
  const request = new Request(`http://web.test${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: "http://web.test",
      host: "web.test",
      cookie: cookies.join("; "),
    },
    body: new URLSearchParams({ ...fields, [CSRF_FIELD]: csrf }).toString(),
  });
  return { request, context: { web, clientIp: options.clientIp }, params: {} } as unknown as ActionFunctionArgs;
}

/** What a route action answered (a thrown Response counts as an answer), with its body read. */
export async function answerOf(
  run: Promise<unknown>,
): Promise<{ status: number; headers: Headers; body: string; data: unknown }> {
  let result: unknown;
  try {
    result = await run;
  } catch (thrown) {
    result = thrown;
  }
  if (result instanceof Response) {
    const body = await result.text();
    return { status: result.status, headers: result.headers, body, data: undefined };
  }
  // Remix's data(): { type: "DataWithResponseInit", data, init }
  const wrapped = result as { data?: unknown; init?: { status?: number; headers?: HeadersInit } };
  if (wrapped && typeof wrapped === "object" && "init" in wrapped)
    return {
      status: wrapped.init?.status ?? 200,
      headers: new Headers(wrapped.init?.headers),
      body: JSON.stringify(wrapped.data),
      data: wrapped.data,
    };
  return { status: 200, headers: new Headers(), body: JSON.stringify(result), data: result };
}
