import { isUuid } from "@cloudpa/contracts";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { channelOfConversation, channelTemplates } from "#app/templates/channel-templates.server.ts";
import type { TemplateListData } from "#app/templates/template-picker.tsx";
import { requireAccount } from "#app/web.server";

/** The conversation's approved templates, for the composer's picker (`?refresh=1` asks Twilio again). */
export async function loader({ request, context, params }: LoaderFunctionArgs): Promise<TemplateListData> {
  const account = await requireAccount(context, request);
  const conversationId = params.id ?? "";
  const channel = isUuid(conversationId)
    ? await channelOfConversation(context.web, account.orgId, conversationId)
    : undefined;
  if (!channel) throw new Response("Not found", { status: 404 });
  const refresh = new URL(request.url).searchParams.has("refresh");
  const listed = await channelTemplates(context.web, account.orgId, channel, { refresh });
  if (listed.kind !== "ok")
    return { templates: [], error: "Twilio's templates could not be read just now. Try Refresh in a moment." };
  return { templates: listed.templates.filter((template) => template.sendable) };
}
