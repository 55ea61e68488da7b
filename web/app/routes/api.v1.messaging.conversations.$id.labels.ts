import type { ActionFunctionArgs } from "@remix-run/node";
import { apiError } from "#app/api/api-response.server.ts";
import { conversationLabelResponse } from "#app/api/label-api.server.ts";
import { clientIpOf } from "#app/web.server";

// `POST …/conversations/:id/labels` `{labelId}` puts a label on (issue 15); Remix ranks this
// static segment before `$action`.
export function loader() {
  return apiError(405, "METHOD.NOT_ALLOWED", "Use POST");
}

export function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(405, "METHOD.NOT_ALLOWED", "Use POST");
  return conversationLabelResponse(context.web, request, params.id ?? "", "label", undefined, clientIpOf(context));
}
