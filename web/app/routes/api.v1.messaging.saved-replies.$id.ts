import type { ActionFunctionArgs } from "@remix-run/node";
import { apiError } from "#app/api/api-response.server.ts";
import { deleteSavedReplyResponse, editSavedReplyResponse } from "#app/api/saved-reply-api.server.ts";
import { clientIpOf } from "#app/web.server";

// `PUT` replaces a saved reply's name, shortcut and body; `DELETE` deletes it (issue 15).
export function loader() {
  return apiError(405, "METHOD.NOT_ALLOWED", "Use PUT or DELETE");
}

export function action({ request, context, params }: ActionFunctionArgs) {
  const savedReplyId = params.id ?? "";
  if (request.method === "PUT") return editSavedReplyResponse(context.web, request, savedReplyId, clientIpOf(context));
  if (request.method === "DELETE")
    return deleteSavedReplyResponse(context.web, request, savedReplyId, clientIpOf(context));
  return apiError(405, "METHOD.NOT_ALLOWED", "Use PUT or DELETE");
}
