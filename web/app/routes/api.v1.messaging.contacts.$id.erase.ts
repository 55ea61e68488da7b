import type { ActionFunctionArgs } from "@remix-run/node";
import { apiError } from "#app/api/api-response.server.ts";
import { eraseContactResponse } from "#app/erasure/erasure-api.server.ts";
import { clientIpOf } from "#app/web.server";

export function loader() {
  return apiError(405, "METHOD.NOT_ALLOWED", "Use POST");
}

export function action({ request, context, params }: ActionFunctionArgs) {
  return eraseContactResponse(context.web, request, params.id ?? "", clientIpOf(context));
}
