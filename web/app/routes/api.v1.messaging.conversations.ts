import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError } from "../../src/api/api-response.ts";
import { listConversations } from "../../src/api/messaging-api.server.ts";
import { clientIpOf } from "../web.server";

export function loader({ request, context }: LoaderFunctionArgs) {
  return listConversations(context.web, request, clientIpOf(context));
}

export function action() {
  return apiError(405, "METHOD.NOT_ALLOWED", "Use GET");
}
