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
  OriginalRepliedMessageSender: z.string().optional(),
  ListId: z.string().optional(),
  ListTitle: z.string().optional(),
  ListDescription: z.string().optional(),
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
  "OriginalRepliedMessageSender",
  "ListId",
  "ListTitle",
  "ListDescription",
  "Timestamp",
]);

/** Params that name the message itself: sent twice, the webhook is ambiguous and refused. */
const SINGLE_VALUED = new Set(["MessageSid", "AccountSid", "From", "To"]);

/**
 * The params as the contract reads them: a param sent more than once gives its first value,
 * except those naming the message (`SINGLE_VALUED`), which stay repeated so the parse refuses
 * them. Every value of a repeated param is kept by `extraParamsOf`, never dropped.
 */
export function firstValuesOf(params: Record<string, string | readonly string[]>): Record<string, string | string[]> {
  const first: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === "string") first[name] = value;
    else if (SINGLE_VALUED.has(name)) first[name] = [...value];
    else if (value[0] !== undefined) first[name] = value[0];
  }
  return first;
}

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

/** The row a customer picked in a list message (`ListId`, `ListTitle`, `ListDescription`). */
export function listReplyFromWebhook(params: TwilioInboundWebhook) {
  if (params.ListId === undefined && params.ListTitle === undefined) return undefined;
  return {
    ...(params.ListId !== undefined ? { id: params.ListId } : {}),
    ...(params.ListTitle !== undefined ? { title: params.ListTitle } : {}),
    ...(params.ListDescription !== undefined ? { description: params.ListDescription } : {}),
  };
}

/**
 * Params the event does not model, as sent; and every param Twilio sent more than once, with
 * all its values in order (the modelled field holds the first), so nothing sent is dropped.
 */
export function extraParamsOf(params: Record<string, unknown>): Record<string, string | string[]> {
  // No prototype: a param named `__proto__` is just a param.
  const extra: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of Object.entries(params)) {
    if (Array.isArray(value)) {
      if (!SINGLE_VALUED.has(name)) extra[name] = value.filter((v): v is string => typeof v === "string");
      continue;
    }
    if (MODELLED.has(name) || /^Media(Url|ContentType)\d+$/.test(name)) continue;
    if (typeof value === "string") extra[name] = value;
  }
  return extra;
}
