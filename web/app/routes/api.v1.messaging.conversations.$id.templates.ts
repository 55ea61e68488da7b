import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError } from "#app/api/api-response.server.ts";
import { listConversationTemplates } from "#app/templates/template-api.server.ts";
import { clientIpOf } from "#app/web.server";

export function loader({ request, context, params }: LoaderFunctionArgs) {
  return listConversationTemplates(context.web, request, params.id ?? "", clientIpOf(context));
}

export function action() {
  return apiError(405, "METHOD.NOT_ALLOWED", "Use GET");
}
