import { waitFor } from "@cloudpa/testkit";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "#app/accounts/accounts.server.ts";
import { createSession, destroySession, SESSION_COOKIE } from "#app/accounts/sessions.server.ts";
import { secretHash } from "#app/accounts/tokens.server.ts";
import { loader } from "#app/routes/live.ts";
import { followEventStream } from "#test/support/event-stream.ts";
import { type WebTestContext, webTestContext } from "#test/support/web-test-context.ts";

let t: WebTestContext;
beforeAll(async () => {
  t = await webTestContext();
});
afterAll(async () => {
  await t?.cleanup();
});

/** What a browser's EventSource reads from `/live`, as text, with the reader to go on. */
async function openLive(cookie: string) {
  const abort = new AbortController();
  const request = new Request("http://localhost/live", { headers: { cookie }, signal: abort.signal });
  const response = (await loader({
    request,
    context: { web: t.web, clientIp: "" },
    params: {},
  } as LoaderFunctionArgs))!;
  expect(response.status).toBe(200);
  const stream = followEventStream(response);
  return {
    ...stream,
    async stop() {
      abort.abort();
      await stream.reading;
    },
  };
}

describe("the live route after the session ends", () => {
  let checkpoint = 0;
  const notify = async (orgId: string) => {
    checkpoint += 1;
    t.web.nc.publish(
      t.web.names.liveSubject(orgId),
      JSON.stringify({ orgId, conversationIds: [crypto.randomUUID()], channelIds: [], checkpoint }),
    );
    await t.web.nc.flush();
  };

  for (const [how, end] of [
    ["logs out", (token: string) => destroySession(t.web.db, token)],
    [
      "expires",
      async (token: string) => {
        await t.web.db.query("UPDATE app.sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1", [
          secretHash(token),
        ]);
      },
    ],
  ] as const) {
    it(`delivers nothing more and closes the stream once the session ${how}`, async () => {
      const account = await createAccount(t.web.db, {
        email: `${crypto.randomUUID()}@example.com`,
        password: "correct horse battery",
        businessName: "Ada Studio",
      });
      const token = await createSession(t.web.db, account);
      const live = await openLive(`${SESSION_COOKIE}=${token}`);
      try {
        await waitFor(() => live.text().includes("connected"), { what: "the stream to open" });
        const changes = () => live.text().split("event: change").length - 1;
        await notify(account.orgId);
        await waitFor(() => changes() === 1, { what: "the change while signed in" });

        await end(token);
        await notify(account.orgId);
        await waitFor(() => live.ended() || changes() > 1, { what: "the stream to close" });
        expect(changes()).toBe(1);
        expect(live.ended()).toBe(true);
      } finally {
        await live.stop();
      }
    });
  }
});
