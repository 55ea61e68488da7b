import {
  buttonFromWebhook,
  conversationIdFor,
  eventIdFor,
  extraParamsOf,
  firstValuesOf,
  type InboundMessageReceived,
  listReplyFromWebhook,
  locationFromWebhook,
  mediaFromWebhook,
  twilioInboundWebhookSchema,
} from "@cloudpa/contracts";
import { type Channel } from "@cloudpa/kit";
import type { FormParams } from "../form-body.js";
import { type Decision, paramProblemOf } from "../webhook-request.js";

/**
 * Turns Twilio's incoming-message params into the InboundMessageReceived fact. Pure: the
 * channel and the time of receipt are passed in. A message with an empty Body is still a
 * message (media, a location, a button reply, or something this version does not model).
 */
export function inboundMessageFrom(
  params: FormParams,
  channel: Pick<Channel, "channelId" | "orgId">,
  receivedAt: Date,
): Decision<InboundMessageReceived> {
  // A repeated param is read by its first value and kept whole in extraParams; one naming the
  // message (MessageSid, AccountSid, From, To) stays repeated and is refused by the parse.
  const parsed = twilioInboundWebhookSchema.safeParse(firstValuesOf(params));
  if (!parsed.success) return { ok: false, problem: paramProblemOf(params, parsed.error.issues) };
  const webhook = parsed.data;
  const at = receivedAt.toISOString();
  const location = locationFromWebhook(webhook);
  const button = buttonFromWebhook(webhook);
  const listReply = listReplyFromWebhook(webhook);
  const event: InboundMessageReceived = {
    type: "InboundMessageReceived",
    version: 1,
    eventId: eventIdFor("in", webhook.MessageSid),
    orgId: channel.orgId,
    occurredAt: at,
    channelId: channel.channelId,
    conversationId: conversationIdFor(channel.channelId, webhook.From),
    messageSid: webhook.MessageSid,
    accountSid: webhook.AccountSid,
    from: webhook.From,
    to: webhook.To,
    body: webhook.Body ?? "",
    media: mediaFromWebhook(webhook),
    receivedAt: at,
    extraParams: extraParamsOf(params),
    ...(webhook.WaId !== undefined ? { waId: webhook.WaId } : {}),
    ...(webhook.ProfileName !== undefined ? { profileName: webhook.ProfileName } : {}),
    ...(webhook.MessageType !== undefined ? { messageType: webhook.MessageType } : {}),
    ...(webhook.NumSegments !== undefined ? { numSegments: Number(webhook.NumSegments) } : {}),
    ...(location ? { location } : {}),
    ...(button ? { button } : {}),
    ...(listReply ? { listReply } : {}),
    ...(webhook.OriginalRepliedMessageSid !== undefined
      ? { repliedToMessageSid: webhook.OriginalRepliedMessageSid }
      : {}),
    ...(webhook.OriginalRepliedMessageSender !== undefined
      ? { repliedToMessageSender: webhook.OriginalRepliedMessageSender }
      : {}),
    ...(webhook.Timestamp !== undefined ? { twilioTimestamp: webhook.Timestamp } : {}),
  };
  return { ok: true, event };
}
