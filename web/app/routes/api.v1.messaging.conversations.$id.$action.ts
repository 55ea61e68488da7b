import type { ActionFunctionArgs } from "@remix-run/node";
import { apiError } from "#app/api/api-response.server.ts";
import { organizeConversationResponse } from "#app/api/messaging-api.server.ts";
import { ORGANIZE_ACTIONS, type OrganizeAction } from "#app/inbox/organize.server.ts";
import { clientIpOf } from "#app/web.server";

// `POST …/conversations/:id/{archive,unarchive,snooze,pin,unpin,mark-unread,mute,unmute}` (issue 15);
// `send` and `templates` have routes of their own, which Remix ranks before this one.
const isAction = (action: string | undefined): action is OrganizeAction =>
  (ORGANIZE_ACTIONS as readonly string[]).includes(action ?? "");

const notFound = () => apiError(404, "ROUTE.NOT_FOUND", "No such API route; see /api/v1/openapi.json");

export function loader({ params }: ActionFunctionArgs) {
  return isAction(params.action) ? apiError(405, "METHOD.NOT_ALLOWED", "Use POST") : notFound();
}

export function action({ request, context, params }: ActionFunctionArgs) {
  if (!isAction(params.action)) return notFound();
  return organizeConversationResponse(context.web, request, params.id ?? "", params.action, clientIpOf(context));
}
