import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiError } from "#app/api/api-response.server.ts";
import { getContactResponse, putContactResponse } from "#app/api/notes-contacts-api.server.ts";
import { clientIpOf } from "#app/web.server";

// `GET` a contact's details and conversations, `PUT` their details (issue 15).
export function loader({ request, context, params }: LoaderFunctionArgs) {
  return getContactResponse(context.web, request, params.id ?? "", clientIpOf(context));
}

export function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "PUT") return apiError(405, "METHOD.NOT_ALLOWED", "Use GET or PUT");
  return putContactResponse(context.web, request, params.id ?? "", clientIpOf(context));
}
