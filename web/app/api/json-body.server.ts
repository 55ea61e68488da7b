import type { Authenticated } from "#app/accounts/authenticate.server.ts";
import { checkOrigin } from "#app/security/csrf.server.ts";
import { apiError } from "./api-response.server.ts";

/** A write's JSON body, or the response that refuses it. */
export type JsonBody = { ok: true; body: unknown } | { ok: false; response: Response };

/** Whether the request says its body is JSON (`Content-Type: application/json`). */
export function isJsonRequest(request: Request): boolean {
  return (request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json");
}

/**
 * Reads the JSON body of an API write: a signed-in session's request must come from this site
 * (403 AUTH.CROSS_SITE; a bearer token needs no CSRF check), be sent as application/json (415)
 * and parse (400 REQUEST.BAD_JSON). The caller parses the body with its own schema.
 */
export async function jsonBodyOf(request: Request, via: Authenticated["via"]): Promise<JsonBody> {
  if (via === "session") {
    const origin = checkOrigin(request);
    if (!origin.ok) return { ok: false, response: apiError(403, "AUTH.CROSS_SITE", origin.reason) };
  }
  if (!isJsonRequest(request))
    return {
      ok: false,
      response: apiError(415, "REQUEST.UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json"),
    };
  try {
    return { ok: true, body: await request.json() };
  } catch {
    return { ok: false, response: apiError(400, "REQUEST.BAD_JSON", "The body is not JSON") };
  }
}

/** A signed-in session's write without a body must still come from this site (403 AUTH.CROSS_SITE). */
export function sessionCrossSite(request: Request, via: Authenticated["via"]): Response | undefined {
  if (via !== "session") return undefined;
  const origin = checkOrigin(request);
  return origin.ok ? undefined : apiError(403, "AUTH.CROSS_SITE", origin.reason);
}
