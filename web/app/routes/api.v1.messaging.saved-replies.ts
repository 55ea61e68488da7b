import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiError } from "#app/api/api-response.server.ts";
import { createSavedReplyResponse, listSavedReplies } from "#app/api/saved-reply-api.server.ts";
import { clientIpOf } from "#app/web.server";

// `GET` lists the account's saved replies; `POST` creates one (issue 15).
export function loader({ request, context }: LoaderFunctionArgs) {
  return listSavedReplies(context.web, request, clientIpOf(context));
}

export function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(405, "METHOD.NOT_ALLOWED", "Use GET or POST");
  return createSavedReplyResponse(context.web, request, clientIpOf(context));
}
