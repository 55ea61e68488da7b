import { z } from "zod";
import type { MediaItem } from "../events/common.js";
import { twilioSid, whatsappHandle } from "../events/common.js";

/** Twilio sends every param as a form string; numbers arrive as digits. */
const digits = z.string().regex(/^\d{1,6}$/, "expected a whole number");

/**
 * Twilio's WhatsApp incoming-message webhook. Only what a message cannot be without is
 * required; every other param, known or new, is kept as sent.
 */
export const twilioInboundWebhookSchema = z.looseObject({
  MessageSid: twilioSid,
  AccountSid: twilioSid,
  From: whatsappHandle,
  To: whatsappHandle,
  Body: z.string().optional(),
  ProfileName: z.string().optional(),
  WaId: z.string().optional(),
  NumMedia: digits.optional(),
  NumSegments: digits.optional(),
  MessageType: z.string().optional(),
  Latitude: z.string().optional(),
  Longitude: z.string().optional(),
  Address: z.string().optional(),
  Label: z.string().optional(),
  ButtonText: z.string().optional(),
  ButtonPayload: z.string().optional(),
  OriginalRepliedMessageSid: z.string().optional(),
  ReferralNumMedia: digits.optional(),
  Timestamp: z.string().optional(),
});
export type TwilioInboundWebhook = z.infer<typeof twilioInboundWebhookSchema>;

/** Params the InboundMessageReceived event models itself; everything else goes to extraParams. */
const MODELLED = new Set([
  "MessageSid",
  "AccountSid",
  "From",
  "To",
  "Body",
  "ProfileName",
  "WaId",
  "NumMedia",
  "NumSegments",
  "MessageType",
  "Latitude",
  "Longitude",
  "Address",
  "Label",
  "ButtonText",
  "ButtonPayload",
  "OriginalRepliedMessageSid",
  "Timestamp",
]);

/** Twilio sends at most 10 media items on one WhatsApp message; a larger NumMedia is not trusted. */
export const MAX_MEDIA_ITEMS = 10;

export function mediaFromWebhook(params: Record<string, unknown>): MediaItem[] {
  const count = Math.min(Number(params.NumMedia ?? 0) || 0, MAX_MEDIA_ITEMS);
  const media: MediaItem[] = [];
  for (let i = 0; i < count; i++) {
    const url = params[`MediaUrl${i}`];
    if (typeof url !== "string" || url === "") continue;
    const contentType = params[`MediaContentType${i}`];
    media.push({ url, contentType: typeof contentType === "string" ? contentType : "application/octet-stream" });
  }
  return media;
}

export function locationFromWebhook(params: TwilioInboundWebhook) {
  if (params.Latitude === undefined || params.Longitude === undefined) return undefined;
  const latitude = Number(params.Latitude);
  const longitude = Number(params.Longitude);
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return undefined;
  return {
    latitude,
    longitude,
    ...(params.Address ? { address: params.Address } : {}),
    ...(params.Label ? { label: params.Label } : {}),
  };
}

export function buttonFromWebhook(params: TwilioInboundWebhook) {
  if (params.ButtonText === undefined && params.ButtonPayload === undefined) return undefined;
  return {
    ...(params.ButtonText !== undefined ? { text: params.ButtonText } : {}),
    ...(params.ButtonPayload !== undefined ? { payload: params.ButtonPayload } : {}),
  };
}

export function extraParamsOf(params: Record<string, unknown>): Record<string, string> {
  const extra: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (MODELLED.has(name) || /^Media(Url|ContentType)\d+$/.test(name)) continue;
    if (typeof value === "string") extra[name] = value;
  }
  return extra;
}
