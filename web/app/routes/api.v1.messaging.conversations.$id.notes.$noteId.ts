import type { ActionFunctionArgs } from "@remix-run/node";
import { apiError } from "#app/api/api-response.server.ts";
import { changeNoteResponse } from "#app/api/notes-contacts-api.server.ts";
import { clientIpOf } from "#app/web.server";

// `PATCH {"body"}` edits and `DELETE` deletes one of your private notes (issue 15).
export function loader() {
  return apiError(405, "METHOD.NOT_ALLOWED", "Use PATCH or DELETE");
}

export function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "PATCH" && request.method !== "DELETE")
    return apiError(405, "METHOD.NOT_ALLOWED", "Use PATCH or DELETE");
  return changeNoteResponse(context.web, request, params.id ?? "", params.noteId ?? "", clientIpOf(context));
}
