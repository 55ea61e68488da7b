import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { authenticate } from "#app/accounts/authenticate.server.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = await authenticate(context.web.db, request);
  return redirect(auth?.via === "session" ? "/inbox" : "/login");
}
