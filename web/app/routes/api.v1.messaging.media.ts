import type { ActionFunctionArgs } from "@remix-run/node";
import { apiError } from "#app/api/api-response.server.ts";
import { uploadMedia } from "#app/media/upload-media.server.ts";
import { clientIpOf } from "#app/web.server";

export function action({ request, context }: ActionFunctionArgs) {
  return uploadMedia(context.web, request, clientIpOf(context));
}

export function loader() {
  return apiError(405, "METHOD.NOT_ALLOWED", "Use POST");
}
