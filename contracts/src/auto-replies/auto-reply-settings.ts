import { z } from "zod";
import { replyTextSchema } from "../commands/send-reply.js";
import { templateSendSchema } from "../templates/template-send.js";

/** The days of a working week, Monday first, as the settings store and the form name them. */
export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A time of day, `HH:MM` on a 24-hour clock (what `<input type="time">` posts). */
export const timeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day as HH:MM (00:00 to 23:59)")
  .meta({ examples: ["09:00", "17:30"] });

/** Minutes since local midnight of an `HH:MM`. */
export function minutesOfDay(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

/** One day's working hours: from `start` up to (not including) `end`, the same local day. */
export const workingDaySchema = z
  .object({ start: timeOfDaySchema, end: timeOfDaySchema })
  .refine((day) => minutesOfDay(day.end) > minutesOfDay(day.start), {
    message: "the day's hours must end after they start",
    path: ["end"],
  });
export type WorkingDay = z.infer<typeof workingDaySchema>;

/** The week's hours: each day's interval, or null on a day off. */
export const weeklyHoursSchema = z.object(
  Object.fromEntries(WEEKDAYS.map((day) => [day, workingDaySchema.nullable()])) as Record<
    Weekday,
    z.ZodNullable<typeof workingDaySchema>
  >,
);
export type WeeklyHours = z.infer<typeof weeklyHoursSchema>;

/** An IANA time zone name the runtime knows (`Europe/Berlin`, `America/New_York`, `UTC`). */
export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(
    (name) => {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: name });
        return true;
      } catch {
        return false;
      }
    },
    { message: "not a time zone (an IANA name such as Europe/Berlin)" },
  );

/**
 * The away message's template for a customer whose 24-hour window is closed (WhatsApp takes only
 * an approved template then), chosen in Settings from the numbers' approved templates: its SID,
 * a value for each of its variables (fixed: the same for every customer), `text` the template
 * rendered with them (shown in the conversation as any template send), and its name and language
 * as Twilio listed them, to show the choice when Twilio cannot be asked.
 */
export const awayTemplateSchema = templateSendSchema
  .extend({
    text: replyTextSchema,
    name: z.string().max(512).optional(),
    language: z.string().max(35).optional(),
  })
  .refine((template) => Object.values(template.variables).every((value) => value.trim() !== ""), {
    message: "each of the template's variables needs a value",
    path: ["variables"],
  });
export type AwayTemplate = z.infer<typeof awayTemplateSchema>;

/** An automatic reply: on or off, and what the customer reads (the away message also its template). */
export const autoReplySchema = z.object({
  enabled: z.boolean(),
  text: replyTextSchema,
  template: awayTemplateSchema.optional(),
});
export type AutoReply = z.infer<typeof autoReplySchema>;

/**
 * An org's working hours and automatic replies (issue 15): outside the hours, a customer's first
 * message of each off-hours period gets the away message once; a customer's very first message
 * gets the greeting. Kept in the web's schema `app` (docs/decisions/026).
 */
export const autoReplySettingsSchema = z
  .object({
    timeZone: timeZoneSchema,
    hours: weeklyHoursSchema,
    away: autoReplySchema,
    greeting: autoReplySchema.omit({ template: true }).extend({
      /**
       * When the away message answers a customer's very first message, it goes alone: one
       * automatic reply, not a greeting and an away message one after the other. Absent: both.
       */
      skipWhenAway: z.boolean().optional(),
    }),
  })
  .refine((settings) => !settings.away.enabled || WEEKDAYS.some((day) => settings.hours[day] !== null), {
    message: "an away message needs working hours on at least one day",
    path: ["hours"],
  });
export type AutoReplySettings = z.infer<typeof autoReplySettingsSchema>;

/** What an org has before it chooses: Monday to Friday, 9 to 5 UTC, both replies off. */
export const DEFAULT_AUTO_REPLY_SETTINGS: AutoReplySettings = {
  timeZone: "UTC",
  hours: {
    mon: { start: "09:00", end: "17:00" },
    tue: { start: "09:00", end: "17:00" },
    wed: { start: "09:00", end: "17:00" },
    thu: { start: "09:00", end: "17:00" },
    fri: { start: "09:00", end: "17:00" },
    sat: null,
    sun: null,
  },
  away: {
    enabled: false,
    text: "Thanks for your message! I'm away right now and will answer when I'm back.",
  },
  greeting: { enabled: false, text: "Hello, thanks for getting in touch! I'll answer you shortly." },
};
