import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError } from "#app/api/api-response.server.ts";
import { listConversations } from "#app/api/messaging-api.server.ts";
import { clientIpOf } from "#app/web.server";

export function loader({ request, context }: LoaderFunctionArgs) {
  return listConversations(context.web, request, clientIpOf(context));
}

export function action() {
  return apiError(405, "METHOD.NOT_ALLOWED", "Use GET");
}
