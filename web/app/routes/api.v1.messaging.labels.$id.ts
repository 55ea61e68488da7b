import type { ActionFunctionArgs } from "@remix-run/node";
import { apiError } from "#app/api/api-response.server.ts";
import { deleteLabelResponse, updateLabelResponse } from "#app/api/label-api.server.ts";
import { clientIpOf } from "#app/web.server";

// `PATCH` renames or recolours a label; `DELETE` deletes it (issue 15).
export function loader() {
  return apiError(405, "METHOD.NOT_ALLOWED", "Use PATCH or DELETE");
}

export function action({ request, context, params }: ActionFunctionArgs) {
  const labelId = params.id ?? "";
  if (request.method === "PATCH") return updateLabelResponse(context.web, request, labelId, clientIpOf(context));
  if (request.method === "DELETE") return deleteLabelResponse(context.web, request, labelId, clientIpOf(context));
  return apiError(405, "METHOD.NOT_ALLOWED", "Use PATCH or DELETE");
}
