import { z } from "zod";

const base64urlOfLength = (bytes: number, what: string) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+=*$/, `${what} must be base64url`)
    .refine((value) => Buffer.from(value, "base64url").length === bytes, `${what} must be ${bytes} bytes`);

/**
 * A browser's PushSubscription as `subscription.toJSON()` gives it (the device's push endpoint
 * and its keys, RFC 8291), posted by Settings › Notifications. The endpoint is where the web
 * POSTs, always over TLS (web-push speaks https only, as every push service does).
 */
export const pushSubscriptionInputSchema = z.object({
  endpoint: z
    .url()
    .max(2048)
    .refine((url) => url.startsWith("https://"), { message: "The push endpoint must be an https URL" }),
  keys: z.object({
    p256dh: base64urlOfLength(65, "p256dh"),
    auth: base64urlOfLength(16, "auth"),
  }),
});
export type PushSubscriptionInput = z.infer<typeof pushSubscriptionInputSchema>;

/** A device's name as the user gives it. */
export const pushDeviceNameSchema = z.string().trim().min(1, "Give the device a name").max(80);
