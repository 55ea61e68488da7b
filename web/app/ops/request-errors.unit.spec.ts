import type { LoaderFunctionArgs } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { logRequestError } from "./request-errors.server.ts";

/** What the web's logger was told, and a loader's arguments whose context logs there. */
function loaderArgs(request: Request, caller?: Promise<unknown>) {
  const logged: { message: string; context: Record<string, unknown> }[] = [];
  const logger = { error: (message: string, context: Record<string, unknown>) => logged.push({ message, context }) };
  const context = { web: { logger }, perRequest: caller ? { caller } : {} };
  return { logged, args: { request, context, params: {} } as unknown as LoaderFunctionArgs };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe("a request's error in the web's log", () => {
  it("names the request, the caller's org and the error", async () => {
    const { logged, args } = loaderArgs(
      new Request("http://web.test/inbox/abc?view=all"),
      Promise.resolve({ account: { orgId: "org-1" } }),
    );
    logRequestError(new Error("Query read timeout"), args);
    await settled();
    expect(logged).toEqual([
      {
        message: "request failed",
        context: {
          method: "GET",
          path: "/inbox/abc",
          orgId: "org-1",
          error: "Query read timeout",
          errorName: "Error",
          errorCode: undefined,
        },
      },
    ]);
  });

  it("says no org when the caller was not known, or looking them up failed", async () => {
    for (const caller of [() => undefined, () => Promise.reject(new Error("Query read timeout"))]) {
      const { logged, args } = loaderArgs(new Request("http://web.test/inbox", { method: "POST" }), caller());
      logRequestError(new Error("timeout"), args);
      await settled();
      expect(logged.map((line) => line.context)).toEqual([
        { method: "POST", path: "/inbox", error: "timeout", errorName: "Error", errorCode: undefined },
      ]);
    }
  });

  it("logs nothing for a request the browser gave up, or a Response a loader threw", async () => {
    const gaveUp = new AbortController();
    const aborted = loaderArgs(new Request("http://web.test/inbox", { signal: gaveUp.signal }));
    gaveUp.abort();
    logRequestError(new Error("aborted"), aborted.args);
    const answered = loaderArgs(new Request("http://web.test/inbox/missing"));
    logRequestError(new Response("Not found", { status: 404 }), answered.args);
    await settled();
    expect([...aborted.logged, ...answered.logged]).toEqual([]);
  });
});
