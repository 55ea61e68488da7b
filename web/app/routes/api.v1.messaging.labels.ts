import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiError } from "#app/api/api-response.server.ts";
import { createLabelResponse, listLabels } from "#app/api/label-api.server.ts";
import { clientIpOf } from "#app/web.server";

// `GET` lists the account's labels; `POST` creates one (issue 15).
export function loader({ request, context }: LoaderFunctionArgs) {
  return listLabels(context.web, request, clientIpOf(context));
}

export function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(405, "METHOD.NOT_ALLOWED", "Use GET or POST");
  return createLabelResponse(context.web, request, clientIpOf(context));
}
