import type { ActionFunctionArgs } from "@remix-run/node";
import { apiError } from "../../src/api/api-response.ts";
import { eraseContactResponse } from "../../src/erasure/erasure-api.server.ts";
import { clientIpOf } from "../web.server";

export function loader() {
  return apiError(405, "METHOD.NOT_ALLOWED", "Use POST");
}

export function action({ request, context, params }: ActionFunctionArgs) {
  return eraseContactResponse(context.web, request, params.id ?? "", clientIpOf(context));
}
