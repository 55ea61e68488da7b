import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiError } from "#app/api/api-response.server.ts";
import { changeNoteResponse, listNotesResponse } from "#app/api/notes-contacts-api.server.ts";
import { clientIpOf } from "#app/web.server";

// `GET` lists a conversation's private notes, `POST {"body"}` adds one (issue 15).
export function loader({ request, context, params }: LoaderFunctionArgs) {
  return listNotesResponse(context.web, request, params.id ?? "", clientIpOf(context));
}

export function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(405, "METHOD.NOT_ALLOWED", "Use GET or POST");
  return changeNoteResponse(context.web, request, params.id ?? "", undefined, clientIpOf(context));
}
