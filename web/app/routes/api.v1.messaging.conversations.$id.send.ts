import type { ActionFunctionArgs } from "@remix-run/node";
import { apiError } from "../../src/api/api-response.ts";
import { sendToConversation } from "../../src/api/messaging-api.server.ts";
import { clientIpOf } from "../web.server";

export function action({ request, context, params }: ActionFunctionArgs) {
  return sendToConversation(context.web, request, params.id ?? "", clientIpOf(context));
}

export function loader() {
  return apiError(405, "METHOD.NOT_ALLOWED", "Use POST");
}
