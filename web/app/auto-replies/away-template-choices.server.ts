import { channelTemplates } from "#app/templates/channel-templates.server.ts";
import type { ChannelTemplate } from "#app/templates/template-schemas.ts";
import { templateChannelsOf } from "#app/templates/templates-page.server.ts";
import type { WebContext } from "#app/web-context.server.ts";

/** The templates Settings › Working hours offers for the away message when the window is closed. */
export interface AwayTemplateChoices {
  /** The approved templates of the org's active numbers (each SID once), by name and language. */
  templates: ChannelTemplate[];
  /** Whether every number's list was read: else a template not listed may still be approved. */
  complete: boolean;
  /** Whether the org has an active number at all. */
  hasNumbers: boolean;
}

/**
 * The approved templates of every active number of the org, read with each number's own
 * credentials through the per-process cache (decision 022); `refresh` asks Twilio again.
 */
export async function awayTemplateChoices(
  web: WebContext,
  orgId: string,
  options: { refresh?: boolean } = {},
): Promise<AwayTemplateChoices> {
  const { channels } = await templateChannelsOf(web, orgId, null);
  const listed = await Promise.all(channels.map((channel) => channelTemplates(web, orgId, channel, options)));
  const bySid = new Map<string, ChannelTemplate>();
  for (const outcome of listed)
    if (outcome.kind === "ok")
      for (const template of outcome.templates) if (template.sendable) bySid.set(template.contentSid, template);
  const templates = [...bySid.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.language.localeCompare(b.language),
  );
  return {
    templates,
    complete: listed.every((outcome) => outcome.kind === "ok"),
    hasNumbers: channels.length > 0,
  };
}
