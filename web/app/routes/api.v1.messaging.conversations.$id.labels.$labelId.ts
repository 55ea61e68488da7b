import type { ActionFunctionArgs } from "@remix-run/node";
import { apiError } from "#app/api/api-response.server.ts";
import { conversationLabelResponse } from "#app/api/label-api.server.ts";
import { clientIpOf } from "#app/web.server";

// `DELETE …/conversations/:id/labels/:labelId` takes a label off (issue 15).
export function loader() {
  return apiError(405, "METHOD.NOT_ALLOWED", "Use DELETE");
}

export function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "DELETE") return apiError(405, "METHOD.NOT_ALLOWED", "Use DELETE");
  return conversationLabelResponse(
    context.web,
    request,
    params.id ?? "",
    "unlabel",
    params.labelId ?? "",
    clientIpOf(context),
  );
}
