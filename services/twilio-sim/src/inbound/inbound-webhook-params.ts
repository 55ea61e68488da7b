import { twilioInboundWebhookSchema } from "@cloudpa/contracts";
import type { ParsedInboundRequest } from "./inbound-request.js";

const CONTENT_TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  mp4: "video/mp4",
  ogg: "audio/ogg",
  mp3: "audio/mpeg",
  pdf: "application/pdf",
};

export function contentTypeOf(mediaUrl: string): string {
  const extension = new URL(mediaUrl).pathname.split(".").at(-1)?.toLowerCase() ?? "";
  return CONTENT_TYPES[extension] ?? "image/jpeg";
}

/** WhatsApp's MessageType as Twilio reports it, from the media's content type. */
function messageTypeOf(contentType: string | undefined, extraParams: Record<string, string>): string {
  if (extraParams.Latitude !== undefined) return "location";
  if (extraParams.ButtonPayload !== undefined || extraParams.ButtonText !== undefined) return "button";
  if (contentType === undefined) return "text";
  const kind = contentType.split("/")[0];
  return kind === "image" || kind === "video" || kind === "audio" ? kind : "document";
}

/** The params of Twilio's WhatsApp incoming-message webhook for one customer message. */
export function inboundWebhookParams(
  request: ParsedInboundRequest,
  message: { sid: string; accountSid: string; to: string },
): Record<string, string> {
  const waId = request.waId ?? request.from.replace(/^whatsapp:\+/, "");
  const contentType = request.mediaUrl ? (request.mediaContentType ?? contentTypeOf(request.mediaUrl)) : undefined;
  const context: Record<string, string> = { WaId: waId };
  if (request.profileName !== undefined) context.ProfileName = request.profileName;
  const params: Record<string, string> = {
    SmsMessageSid: message.sid,
    NumMedia: request.mediaUrl ? "1" : "0",
    ...(request.profileName !== undefined ? { ProfileName: request.profileName } : {}),
    MessageType: messageTypeOf(contentType, request.extraParams),
    SmsSid: message.sid,
    WaId: waId,
    SmsStatus: "received",
    Body: request.body,
    To: message.to,
    NumSegments: "1",
    ReferralNumMedia: "0",
    MessageSid: message.sid,
    AccountSid: message.accountSid,
    From: request.from,
    ApiVersion: "2010-04-01",
    ChannelMetadata: JSON.stringify({ type: "whatsapp", data: { context } }),
  };
  if (request.mediaUrl && contentType) {
    params.MediaUrl0 = request.mediaUrl;
    params.MediaContentType0 = contentType;
  }
  Object.assign(params, request.extraParams);
  twilioInboundWebhookSchema.parse(params);
  return params;
}
