import { contentSidSchema, templateVariablesOf } from "@cloudpa/contracts";
import { twilioClientOf } from "@cloudpa/kit/twilio";
import type { TwilioCredentials } from "#app/channels/channel-credentials.server.ts";
import type { ChannelTemplate, NewTemplate } from "./template-schemas.ts";

/** How long one Content API call may take. */
const CONTENT_API_TIMEOUT_MS = 10_000;
/** The most templates read of one account (WhatsApp allows a business a few hundred). */
const MAX_TEMPLATES = 1000;

type Json = Record<string, unknown>;

function clientOf(credentials: TwilioCredentials, apiBaseUrl: string | undefined) {
  return twilioClientOf(credentials, { apiBaseUrl, timeoutMs: CONTENT_API_TIMEOUT_MS });
}

const asObject = (value: unknown): Json =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};
const asString = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** The text of a template: its `twilio/text` body, or the body (or title) of its first type that has one. */
function bodyOf(types: Json): string {
  const text = asString(asObject(types["twilio/text"]).body);
  if (text !== undefined) return text;
  for (const type of Object.values(types)) {
    const candidate = asObject(type);
    const body = asString(candidate.body) ?? asString(candidate.title);
    if (body !== undefined) return body;
  }
  return "";
}

/** ContentAndApprovals' `approval_requests`: WhatsApp's, flat as Twilio answers, or keyed `whatsapp`. */
function whatsappApprovalOf(approvalRequests: unknown): Json {
  const approvals = asObject(approvalRequests);
  return "whatsapp" in approvals ? asObject(approvals.whatsapp) : approvals;
}

/** One ContentAndApprovals item as a template of the channel. */
export function templateOf(item: {
  sid: string;
  friendlyName: string;
  language: string;
  variables: unknown;
  types: unknown;
  approvalRequests: unknown;
}): ChannelTemplate | undefined {
  if (!contentSidSchema.safeParse(item.sid).success) return undefined;
  const body = bodyOf(asObject(item.types));
  const approval = whatsappApprovalOf(item.approvalRequests);
  const status = asString(approval.status) || "unsubmitted";
  const samples: Record<string, string> = {};
  for (const [name, value] of Object.entries(asObject(item.variables)))
    if (typeof value === "string") samples[name] = value;
  return {
    contentSid: item.sid,
    name: asString(approval.name) || item.friendlyName || item.sid,
    language: item.language,
    category: asString(approval.category) || null,
    body,
    variables: templateVariablesOf(body),
    samples,
    status,
    rejectionReason: status === "rejected" ? asString(approval.rejection_reason) || null : null,
    sendable: status === "approved",
  };
}

/** Every template of the account with its WhatsApp approval (Twilio's ContentAndApprovals). */
export async function fetchTemplates(
  credentials: TwilioCredentials,
  apiBaseUrl: string | undefined,
): Promise<ChannelTemplate[]> {
  const items = await clientOf(credentials, apiBaseUrl).content.v1.contentAndApprovals.list({
    pageSize: 500,
    limit: MAX_TEMPLATES,
  });
  return items.flatMap((item) => templateOf(item) ?? []);
}

/**
 * Creates a text template (Content create, each variable's sample as its default) and submits
 * it for WhatsApp's approval (ApprovalRequests). Twilio's wire names are passed as they are:
 * the package posts the body as given.
 */
export async function submitTemplate(
  credentials: TwilioCredentials,
  apiBaseUrl: string | undefined,
  template: NewTemplate,
): Promise<{ contentSid: string; status: string }> {
  const content = clientOf(credentials, apiBaseUrl).content.v1;
  const created = await content.contents.create({
    friendly_name: template.name,
    language: template.language,
    variables: template.samples,
    types: { "twilio/text": { body: template.body } },
  } as never);
  const approval = await content
    .contents(created.sid)
    .approvalCreate.create({ name: template.name, category: template.category } as never);
  return { contentSid: created.sid, status: approval.status };
}
