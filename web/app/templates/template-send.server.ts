import { conversationIdFor, missingTemplateVariables, renderTemplate, type TemplateSend } from "@cloudpa/contracts";
import type { Account } from "#app/accounts/accounts.server.ts";
import { conversationOfOrg } from "#app/inbox/conversation-of-org.server.ts";
import { appendSendReply } from "#app/inbox/send-reply.server.ts";
import type { WebContext } from "#app/web-context.server.ts";
import {
  channelOfConversation,
  chooseChannel,
  type SendableTemplate,
  sendableTemplate,
  type TemplateChannel,
} from "./channel-templates.server.ts";

export type TemplateSendOutcome =
  | { kind: "accepted"; commandId: string; conversationId: string; duplicate: boolean }
  | { kind: "conversation_not_found" }
  | { kind: "channel_not_found" }
  | { kind: "channel_ambiguous"; count: number }
  | { kind: "channel_inactive" }
  /** Not a template of the number's account, or not approved for WhatsApp. */
  | { kind: "template_not_sendable"; status?: string }
  | { kind: "variables_missing"; missing: string[] }
  | { kind: "templates_unavailable"; message: string };

/** Checks the template against the channel's approved ones and renders what the customer will read. */
async function renderedFor(
  web: WebContext,
  orgId: string,
  channel: TemplateChannel,
  template: TemplateSend,
): Promise<{ ok: true; text: string } | { ok: false; outcome: TemplateSendOutcome }> {
  if (!channel.isActive) return { ok: false, outcome: { kind: "channel_inactive" } };
  const found: SendableTemplate = await sendableTemplate(web, orgId, channel, template.contentSid);
  switch (found.kind) {
    case "found":
      break;
    case "not_sendable":
      return { ok: false, outcome: { kind: "template_not_sendable", status: found.template?.status } };
    case "no_credentials":
      return {
        ok: false,
        outcome: { kind: "templates_unavailable", message: "the number's credentials are not available" },
      };
    case "unavailable":
      return { ok: false, outcome: { kind: "templates_unavailable", message: found.message } };
    default: {
      const unhandled: never = found;
      throw new Error(`unknown template lookup ${(unhandled as { kind: string }).kind}`);
    }
  }
  const missing = missingTemplateVariables(found.template.body, template.variables);
  if (missing.length > 0) return { ok: false, outcome: { kind: "variables_missing", missing } };
  return { ok: true, text: renderTemplate(found.template.body, template.variables) };
}

/** A template to a conversation of the org, whatever its window: the command carries the rendered text. */
export async function sendTemplateReply(
  web: WebContext,
  account: Account,
  input: { conversationId: string; clientKey: string; template: TemplateSend },
): Promise<TemplateSendOutcome> {
  const conversation = await conversationOfOrg(web, account.orgId, input.conversationId);
  const channel = conversation ? await channelOfConversation(web, account.orgId, input.conversationId) : undefined;
  if (!conversation || !channel) return { kind: "conversation_not_found" };
  const rendered = await renderedFor(web, account.orgId, channel, input.template);
  if (!rendered.ok) return rendered.outcome;
  const sent = await appendSendReply(web, account, { ...input, text: rendered.text });
  return { ...sent, conversationId: input.conversationId };
}

/**
 * A template to a customer by number, from one of the org's numbers: their conversation's id
 * follows from the channel and the handle (`conversationIdFor`), so a customer who wrote before
 * gets the same conversation, and one who never did gets it when the ReplySent is projected.
 */
export async function startConversation(
  web: WebContext,
  account: Account,
  input: { to: string; channelId?: string; clientKey: string; template: TemplateSend },
): Promise<TemplateSendOutcome> {
  const chosen = await chooseChannel(web, account.orgId, input.channelId);
  if (chosen.kind === "not_found") return { kind: "channel_not_found" };
  if (chosen.kind === "ambiguous") return { kind: "channel_ambiguous", count: chosen.count };
  return startConversationFrom(web, account, chosen.channel, input);
}

/**
 * `startConversation` from a number already chosen: New conversation chooses it first, to read the
 * customer's number in its country.
 */
export async function startConversationFrom(
  web: WebContext,
  account: Account,
  channel: TemplateChannel,
  input: { to: string; clientKey: string; template: TemplateSend },
): Promise<TemplateSendOutcome> {
  const rendered = await renderedFor(web, account.orgId, channel, input.template);
  if (!rendered.ok) return rendered.outcome;
  const conversationId = conversationIdFor(channel.id, input.to);
  const sent = await appendSendReply(web, account, {
    conversationId,
    clientKey: input.clientKey,
    text: rendered.text,
    template: input.template,
    recipient: { channelId: channel.id, from: channel.externalPhoneId, to: input.to },
  });
  return { ...sent, conversationId };
}
