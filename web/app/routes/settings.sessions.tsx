import { isUuid } from "@cloudpa/contracts";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import {
  clearedSessionCookie,
  listSessions,
  readCookie,
  revokeAllSessions,
  revokeOtherSessions,
  revokeSession,
  SESSION_COOKIE,
} from "#app/accounts/sessions.server.ts";
import { CsrfInput } from "#app/components/csrf-input";
import { useSettledActionData } from "#app/components/settled-action-data.ts";
import { ShortTime } from "#app/components/time";
import { done, refused } from "#app/forms/action-outcome.server.ts";
import { ActionOutcomeMessage } from "#app/forms/action-outcome.tsx";
import { readCheckedForm, requireAccount } from "#app/web.server";

export const meta: MetaFunction = () => [{ title: "Sessions · Settings · Cloud PA" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await requireAccount(context, request);
  return { sessions: await listSessions(context.web.db, account, readCookie(request, SESSION_COOKIE)) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { web } = context;
  const account = await requireAccount(context, request);
  const form = await readCheckedForm(context, request);
  const current = readCookie(request, SESSION_COOKIE);
  const loggedOut = () =>
    redirect("/login", { headers: { "set-cookie": clearedSessionCookie({ secure: web.secureCookies }) } });
  const intent = form.get("intent");
  if (intent === "revoke") {
    const sessionId = form.get("sessionId");
    if (!isUuid(sessionId)) return refused("That is not a session id.", 400);
    const revoked = await revokeSession(web.db, account, sessionId, current);
    if (revoked === "none") return refused("That session has already ended.", 404);
    web.logger.info("session logged out", { orgId: account.orgId, userId: account.userId, sessionId });
    return revoked === "current" ? loggedOut() : done("That session is logged out.");
  }
  if (intent === "revoke-others") {
    const ended = await revokeOtherSessions(web.db, account, current);
    web.logger.info("other sessions logged out", { orgId: account.orgId, userId: account.userId, ended });
    return done(ended === 1 ? "1 other session is logged out." : `${ended} other sessions are logged out.`);
  }
  if (intent === "revoke-all") {
    const ended = await revokeAllSessions(web.db, account);
    web.logger.info("all sessions logged out", { orgId: account.orgId, userId: account.userId, ended });
    return loggedOut();
  }
  return refused("Unknown action.", 400);
}

export default function Sessions() {
  const { sessions } = useLoaderData<typeof loader>();
  const result = useSettledActionData<typeof action>();
  const others = sessions.filter((session) => !session.current).length;
  return (
    <div className="settings-grid">
      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Where you are logged in</h2>
        <p className="muted">
          Each browser you log in from is a session. Log out any you do not recognise, or that you no longer use.
        </p>
        <ActionOutcomeMessage outcome={result} />
        <ul className="channel-list" aria-label="Sessions">
          {sessions.map((session) => (
            <li key={session.id} className={session.current ? "channel current" : "channel"}>
              <div className="session-device">
                <strong>{session.device}</strong>
                {session.current ? <span className="badge">This device</span> : null}
                <p className="muted small">
                  Last seen <ShortTime value={session.lastSeenAt} /> · logged in <ShortTime value={session.createdAt} />
                </p>
              </div>
              <Form method="post">
                <CsrfInput />
                <input type="hidden" name="intent" value="revoke" />
                <input type="hidden" name="sessionId" value={session.id} />
                <button type="submit" className="button danger small">
                  {session.current ? "Log out here" : "Log out"}
                </button>
              </Form>
            </li>
          ))}
        </ul>
        <div className="inline-form">
          {others > 0 ? (
            <Form method="post">
              <CsrfInput />
              <input type="hidden" name="intent" value="revoke-others" />
              <button type="submit" className="button">
                Log out everywhere else
              </button>
            </Form>
          ) : null}
          <Form method="post">
            <CsrfInput />
            <input type="hidden" name="intent" value="revoke-all" />
            <button type="submit" className="button danger">
              Log out everywhere
            </button>
          </Form>
        </div>
      </section>
    </div>
  );
}
