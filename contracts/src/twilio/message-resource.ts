import { z } from "zod";

/** The JSON of Twilio's Message resource (Messages API), as far as Cloud PA reads it. */
export const twilioMessageResourceSchema = z.looseObject({
  sid: z.string(),
  account_sid: z.string(),
  from: z.string(),
  to: z.string(),
  body: z.string().nullable(),
  status: z.string(),
  direction: z.string(),
  num_media: z.string().optional(),
  num_segments: z.string().optional(),
  error_code: z.union([z.number(), z.string()]).nullable().optional(),
  error_message: z.string().nullable().optional(),
  date_created: z.string().nullable().optional(),
  date_sent: z.string().nullable().optional(),
  date_updated: z.string().nullable().optional(),
  uri: z.string().optional(),
});
export type TwilioMessageResource = z.infer<typeof twilioMessageResourceSchema>;

/** Twilio's error body on 4xx/5xx. */
export const twilioErrorSchema = z.looseObject({
  code: z.number(),
  message: z.string(),
  more_info: z.string().optional(),
  status: z.number(),
});
export type TwilioError = z.infer<typeof twilioErrorSchema>;
