import { z } from "zod";

/** A Content API template's SID: `HX` and 32 hex digits (Twilio's pattern for ContentSid). */
export const contentSidSchema = z
  .string()
  .regex(/^HX[0-9a-fA-F]{32}$/, "expected a Content SID (HX followed by 32 hex digits)")
  .meta({ examples: ["HXb5b62575e6e4ff6129ad7c8efe1f983e"] });

/** The most variables one template send may carry (WhatsApp templates use a handful). */
export const MAX_TEMPLATE_VARIABLES = 100;
/** The longest value of one variable. */
export const MAX_TEMPLATE_VARIABLE_LENGTH = 1024;

/**
 * A template send's `ContentVariables`: each placeholder's name (`"1"` for `{{1}}`) and its
 * value. Sent to Twilio as this object's JSON.
 */
export const templateVariablesSchema = z
  .record(
    z.string().regex(/^[A-Za-z0-9_]{1,64}$/, "a variable is named like 1, 2 or first_name"),
    z.string().max(MAX_TEMPLATE_VARIABLE_LENGTH),
  )
  .refine((variables) => Object.keys(variables).length <= MAX_TEMPLATE_VARIABLES, {
    message: `at most ${MAX_TEMPLATE_VARIABLES} variables`,
  })
  .meta({ examples: [{ "1": "Ada", "2": "Tuesday" }] });

/** Which template to send and with what values: the command's, the event's and the API's shape. */
export const templateSendSchema = z.object({
  contentSid: contentSidSchema,
  variables: templateVariablesSchema.default({}),
});
export type TemplateSend = z.infer<typeof templateSendSchema>;
