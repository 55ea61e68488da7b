import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { clearedSessionCookie, destroySession, readCookie, SESSION_COOKIE } from "#app/accounts/sessions.server.ts";
import { readCheckedForm } from "#app/web.server";

export async function action({ request, context }: ActionFunctionArgs) {
  await readCheckedForm(context, request);
  await destroySession(context.web.db, readCookie(request, SESSION_COOKIE));
  return redirect("/login", { headers: { "set-cookie": clearedSessionCookie({ secure: context.web.secureCookies }) } });
}

export async function loader() {
  return redirect("/inbox");
}
