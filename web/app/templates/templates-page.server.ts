import { missingTemplateVariables } from "@cloudpa/contracts";
import { channelsOfOrg } from "@cloudpa/read-model";
import type { Account } from "#app/accounts/accounts.server.ts";
import { channelCredentialsOf } from "#app/channels/channel-credentials.server.ts";
import type { WebContext } from "#app/web-context.server.ts";
import { channelTemplates, forgetChannelTemplates, type TemplateChannel } from "./channel-templates.server.ts";
import { submitTemplate } from "./content-api.server.ts";
import { type NewTemplate, newTemplateSchema } from "./template-schemas.ts";

/** The org's active numbers, and the one the page shows (the one asked for, else the first). */
export async function templateChannelsOf(
  web: WebContext,
  orgId: string,
  asked: string | null,
): Promise<{ channels: TemplateChannel[]; chosen: TemplateChannel | undefined }> {
  const rows = await channelsOfOrg(web.db, { orgId, schema: web.readModelSchema });
  const channels = rows
    .filter((row) => row.isActive)
    .map((row) => ({ id: row.id, externalPhoneId: row.externalPhoneId, isActive: row.isActive }));
  return { channels, chosen: channels.find((channel) => channel.id === asked) ?? channels[0] };
}

/** Every template of the number, approved or not, for the Templates page (read from Twilio when `refresh`). */
export async function templatesPage(web: WebContext, account: Account, channel: TemplateChannel, refresh: boolean) {
  const listed = await channelTemplates(web, account.orgId, channel, { refresh });
  return listed.kind === "ok"
    ? { templates: listed.templates, fetchedAt: listed.fetchedAt.toISOString(), error: null }
    : { templates: [], fetchedAt: null, error: "Twilio's templates could not be read just now; try Refresh." };
}

/** The new-template form: name, category, language, body, and `sample-<variable>` per variable. */
export function newTemplateOfForm(form: FormData): { ok: true; template: NewTemplate } | { ok: false; error: string } {
  const samples: Record<string, string> = {};
  for (const [key, value] of form.entries())
    if (key.startsWith("sample-") && typeof value === "string") samples[key.slice("sample-".length)] = value;
  const parsed = newTemplateSchema.safeParse({
    name: form.get("name"),
    category: form.get("category"),
    language: form.get("language"),
    body: form.get("body"),
    samples,
  });
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Check the form" };
  const missing = missingTemplateVariables(parsed.data.body, parsed.data.samples);
  if (missing.length > 0)
    return { ok: false, error: `Give a sample for ${missing.map((name) => `{{${name}}}`).join(", ")}` };
  return { ok: true, template: parsed.data };
}

export type SubmitOutcome = { ok: true; contentSid: string; status: string } | { ok: false; error: string };

/** Creates the template on the number's Twilio account and asks WhatsApp to approve it. */
export async function submitNewTemplate(
  web: WebContext,
  account: Account,
  channel: TemplateChannel,
  template: NewTemplate,
): Promise<SubmitOutcome> {
  const credentials = await channelCredentialsOf(web, account.orgId, channel.externalPhoneId);
  if (!credentials) return { ok: false, error: "This number's Twilio credentials are not available." };
  try {
    const submitted = await submitTemplate(credentials, web.env.TWILIO_API_BASE_URL, template);
    forgetChannelTemplates(account.orgId, channel.id);
    web.logger.info("template submitted for WhatsApp approval", {
      orgId: account.orgId,
      channelId: channel.id,
      contentSid: submitted.contentSid,
    });
    return { ok: true, ...submitted };
  } catch (error) {
    web.logger.warn("Twilio did not take the template", { orgId: account.orgId, error: (error as Error).message });
    return { ok: false, error: `Twilio did not take the template: ${(error as Error).message}` };
  }
}
