import type { ActionFunctionArgs } from "@remix-run/node";
import { apiError } from "#app/api/api-response.server.ts";
import { sendToConversation } from "#app/api/messaging-api.server.ts";
import { clientIpOf } from "#app/web.server";

export function action({ request, context, params }: ActionFunctionArgs) {
  return sendToConversation(context.web, request, params.id ?? "", clientIpOf(context));
}

export function loader() {
  return apiError(405, "METHOD.NOT_ALLOWED", "Use POST");
}
