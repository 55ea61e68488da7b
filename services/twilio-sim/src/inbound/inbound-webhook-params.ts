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

/** WhatsApp's MessageType as Twilio reports it: from the kind of message, else from its first media item. */
function messageTypeOf(request: ParsedInboundRequest, contentType: string | undefined): string {
  if (request.location) return "location";
  if (request.button) return request.button.messageType;
  if (request.sticker) return "sticker";
  if (request.contact) return "contacts";
  if (request.extraParams.Latitude !== undefined) return "location";
  if (request.extraParams.ButtonPayload !== undefined || request.extraParams.ButtonText !== undefined) return "button";
  if (contentType === undefined) return "text";
  const kind = contentType.split("/")[0];
  return kind === "image" || kind === "video" || kind === "audio" ? kind : "document";
}

/** What the webhook says beyond text and media: location, button, replied-to message. */
export function kindParams(request: ParsedInboundRequest, repliedSender: string | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  if (request.location) {
    params.Latitude = String(request.location.latitude);
    params.Longitude = String(request.location.longitude);
    if (request.location.address !== undefined) params.Address = request.location.address;
    if (request.location.label !== undefined) params.Label = request.location.label;
  }
  if (request.button) {
    params.ButtonText = request.button.text;
    params.ButtonPayload = request.button.payload ?? request.button.text;
  }
  if (request.replyTo) {
    params.OriginalRepliedMessageSid = request.replyTo;
    if (repliedSender !== undefined) params.OriginalRepliedMessageSender = repliedSender;
  }
  return params;
}

/** The params of Twilio's WhatsApp incoming-message webhook for one customer message. */
export function inboundWebhookParams(
  request: ParsedInboundRequest,
  message: { sid: string; accountSid: string; to: string; extraParams: Record<string, string> },
  media: ReadonlyArray<{ url: string; contentType: string }>,
): Record<string, string> {
  const waId = request.waId ?? request.from.replace(/^whatsapp:\+/, "");
  const context: Record<string, string> = { WaId: waId };
  if (request.profileName !== undefined) context.ProfileName = request.profileName;
  const params: Record<string, string> = {
    SmsMessageSid: message.sid,
    NumMedia: String(media.length),
    ...(request.profileName !== undefined ? { ProfileName: request.profileName } : {}),
    MessageType: messageTypeOf(request, media[0]?.contentType),
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
  media.forEach((item, index) => {
    params[`MediaUrl${index}`] = item.url;
    params[`MediaContentType${index}`] = item.contentType;
  });
  Object.assign(params, message.extraParams, request.extraParams);
  twilioInboundWebhookSchema.parse(params);
  return params;
}
