import type { LoaderFunctionArgs } from "@remix-run/node";
import { channelTemplates } from "#app/templates/channel-templates.server.ts";
import type { TemplateListData } from "#app/templates/template-picker.tsx";
import { templateChannelsOf } from "#app/templates/templates-page.server.ts";
import { requireAccount } from "#app/web.server";

/** The approved templates of one of the org's numbers, for "New conversation"'s picker (`?refresh=1` asks Twilio again). */
export async function loader({ request, context, params }: LoaderFunctionArgs): Promise<TemplateListData> {
  const account = await requireAccount(context, request);
  const { chosen } = await templateChannelsOf(context.web, account.orgId, params.channelId ?? null);
  if (!chosen || chosen.id !== params.channelId) throw new Response("Not found", { status: 404 });
  const listed = await channelTemplates(context.web, account.orgId, chosen, {
    refresh: new URL(request.url).searchParams.has("refresh"),
  });
  if (listed.kind !== "ok")
    return { templates: [], error: "Twilio's templates could not be read just now. Try Refresh in a moment." };
  return { templates: listed.templates.filter((template) => template.sendable) };
}
