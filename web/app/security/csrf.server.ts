import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { readCookie, serializeCookie } from "#app/accounts/sessions.server.ts";

export const CSRF_COOKIE = "cloudpa_csrf";
export const CSRF_FIELD = "csrf";

/**
 * Signed double-submit token: `<nonce>.<HMAC(secret, nonce)>`. The same value sits in an
 * HttpOnly cookie and in every form; a cross-site page can make the browser send the
 * cookie but can neither read it nor forge a signed one, so the two never match.
 */
export function issueCsrfToken(secret: string): string {
  const nonce = randomBytes(18).toString("base64url");
  return `${nonce}.${sign(secret, nonce)}`;
}

function sign(secret: string, nonce: string): string {
  return createHmac("sha256", secret).update(`csrf:${nonce}`).digest("base64url");
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function isSignedCsrfToken(secret: string, token: string | undefined): token is string {
  if (!token) return false;
  const [nonce, mac, extra] = token.split(".");
  return !!nonce && !!mac && extra === undefined && safeEqual(mac, sign(secret, nonce));
}

/** The visitor's token: the one in their cookie if valid, else a new one with the cookie to set. */
export function csrfTokenFor(
  request: Request,
  secret: string,
  secure: boolean,
): { token: string; setCookie: string | undefined } {
  const existing = readCookie(request, CSRF_COOKIE);
  if (isSignedCsrfToken(secret, existing)) return { token: existing, setCookie: undefined };
  const token = issueCsrfToken(secret);
  return { token, setCookie: serializeCookie(CSRF_COOKIE, token, { secure }) };
}

export type CsrfVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Checks an unsafe request from a browser: its Origin (when sent) must be this site, and
 * the form's token must equal the signed cookie.
 */
export function checkCsrf(request: Request, form: FormData, secret: string): CsrfVerdict {
  const origin = checkOrigin(request);
  if (!origin.ok) return origin;
  const cookie = readCookie(request, CSRF_COOKIE);
  const field = form.get(CSRF_FIELD);
  if (!isSignedCsrfToken(secret, cookie)) return { ok: false, reason: "missing or forged CSRF cookie" };
  if (typeof field !== "string" || !safeEqual(field, cookie)) return { ok: false, reason: "CSRF token mismatch" };
  return { ok: true };
}

/** Rejects a request whose Origin (or, lacking it, Sec-Fetch-Site) says it came from another site. */
export function checkOrigin(request: Request): CsrfVerdict {
  const origin = request.headers.get("origin");
  if (origin && origin !== "null") {
    const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return { ok: false, reason: "unreadable Origin" };
    }
    if (originHost !== host) return { ok: false, reason: `cross-origin request from ${origin}` };
    return { ok: true };
  }
  if (origin === "null") return { ok: false, reason: "opaque Origin" };
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") return { ok: false, reason: `Sec-Fetch-Site ${site}` };
  return { ok: true };
}

export class CsrfError extends Error {
  override name = "CsrfError";
  readonly code = "SECURITY.CSRF";
}
