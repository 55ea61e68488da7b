import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiError } from "#app/api/api-response.server.ts";
import { listConversations } from "#app/api/messaging-api.server.ts";
import { startConversationApi } from "#app/templates/template-api.server.ts";
import { clientIpOf } from "#app/web.server";

export function loader({ request, context }: LoaderFunctionArgs) {
  return listConversations(context.web, request, clientIpOf(context));
}

/** POST starts a conversation with a template (or sends one to the customer's existing conversation). */
export function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(405, "METHOD.NOT_ALLOWED", "Use GET or POST");
  return startConversationApi(context.web, request, clientIpOf(context));
}
