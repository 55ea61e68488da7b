import {
  conversationIdFor,
  eventIdFor,
  type MessageStatusUpdated,
  statusExtraParamsOf,
  twilioStatusCallbackSchema,
} from "@cloudpa/contracts";
import { type Channel } from "@cloudpa/kit";
import type { FormParams } from "../../webhook/form-body.js";
import { type Decision, paramProblemOf } from "../../webhook/webhook-request.js";

/**
 * Turns Twilio's status callback into the MessageStatusUpdated fact. On a callback `From` is
 * our number and `To` the customer, so the conversation is (channel, To). Pure.
 */
export function messageStatusFrom(
  params: FormParams,
  channel: Pick<Channel, "channelId" | "orgId">,
  receivedAt: Date,
): Decision<MessageStatusUpdated> {
  const parsed = twilioStatusCallbackSchema.safeParse(params);
  if (!parsed.success) return { ok: false, problem: paramProblemOf(params, parsed.error.issues) };
  const callback = parsed.data;
  const at = receivedAt.toISOString();
  const event: MessageStatusUpdated = {
    type: "MessageStatusUpdated",
    version: 1,
    eventId: eventIdFor("st", `${callback.MessageSid}:${callback.MessageStatus}`),
    orgId: channel.orgId,
    occurredAt: at,
    channelId: channel.channelId,
    conversationId: conversationIdFor(channel.channelId, callback.To),
    messageSid: callback.MessageSid,
    status: callback.MessageStatus,
    from: callback.From,
    to: callback.To,
    reportedAt: at,
    extraParams: statusExtraParamsOf(callback),
    ...(callback.ErrorCode !== undefined && callback.ErrorCode !== "" ? { errorCode: callback.ErrorCode } : {}),
    ...(callback.ErrorMessage !== undefined && callback.ErrorMessage !== ""
      ? { errorMessage: callback.ErrorMessage }
      : {}),
  };
  return { ok: true, event };
}
