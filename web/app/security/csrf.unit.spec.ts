import { describe, expect, it } from "vitest";
import { CSRF_COOKIE, CSRF_FIELD, checkCsrf, checkOrigin, isSignedCsrfToken, issueCsrfToken } from "./csrf.server.ts";

const secret = "a-session-secret-of-at-least-32-characters";

function post(headers: Record<string, string>, field?: string) {
  const form = new FormData();
  if (field !== undefined) form.set(CSRF_FIELD, field);
  return { request: new Request("http://inbox.test/inbox/x", { method: "POST", headers }), form };
}

describe("CSRF protection", () => {
  it("accepts a same-origin form whose token equals its signed cookie", () => {
    const token = issueCsrfToken(secret);
    const { request, form } = post(
      { cookie: `${CSRF_COOKIE}=${token}`, origin: "http://inbox.test", host: "inbox.test" },
      token,
    );
    expect(checkCsrf(request, form, secret)).toEqual({ ok: true });
  });

  it("refuses a form without the token, as a cross-site page would send it", () => {
    const token = issueCsrfToken(secret);
    const { request, form } = post({ cookie: `${CSRF_COOKIE}=${token}`, host: "inbox.test" });
    expect(checkCsrf(request, form, secret).ok).toBe(false);
  });

  it("refuses a token that differs from the cookie", () => {
    const { request, form } = post(
      { cookie: `${CSRF_COOKIE}=${issueCsrfToken(secret)}`, host: "inbox.test" },
      issueCsrfToken(secret),
    );
    expect(checkCsrf(request, form, secret)).toMatchObject({ ok: false, reason: "CSRF token mismatch" });
  });

  it("refuses a cookie and field pair the attacker made up, since it is not signed with the secret", () => {
    const forged = "attacker-nonce.attacker-mac";
    expect(isSignedCsrfToken(secret, forged)).toBe(false);
    expect(isSignedCsrfToken(secret, issueCsrfToken("another-secret-that-is-32-characters-long"))).toBe(false);
    const { request, form } = post({ cookie: `${CSRF_COOKIE}=${forged}`, host: "inbox.test" }, forged);
    expect(checkCsrf(request, form, secret).ok).toBe(false);
  });

  it("refuses a post from another origin even with a valid token pair", () => {
    const token = issueCsrfToken(secret);
    const { request, form } = post(
      { cookie: `${CSRF_COOKIE}=${token}`, origin: "https://evil.example", host: "inbox.test" },
      token,
    );
    expect(checkCsrf(request, form, secret)).toMatchObject({ ok: false });
  });

  it("reads Sec-Fetch-Site when a browser sends no Origin", () => {
    const cross = new Request("http://inbox.test/", { method: "POST", headers: { "sec-fetch-site": "cross-site" } });
    const same = new Request("http://inbox.test/", { method: "POST", headers: { "sec-fetch-site": "same-origin" } });
    expect(checkOrigin(cross).ok).toBe(false);
    expect(checkOrigin(same).ok).toBe(true);
    expect(checkOrigin(new Request("http://inbox.test/", { method: "POST", headers: { origin: "null" } })).ok).toBe(
      false,
    );
  });
});
