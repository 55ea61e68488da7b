import { type TwilioMessageResource, twilioMessageResourceSchema } from "@cloudpa/contracts";
import { rfc2822 } from "../rfc2822-date.js";
import type { SimMessage } from "../sim-state.js";

export function messagesPath(accountSid: string): string {
  return `/2010-04-01/Accounts/${accountSid}/Messages`;
}

/** A message as Twilio's Message resource JSON (counts are strings, dates RFC 2822, as Twilio writes them). */
export function messageJson(message: SimMessage): TwilioMessageResource {
  const base = `${messagesPath(message.accountSid)}/${message.sid}`;
  return twilioMessageResourceSchema.parse({
    account_sid: message.accountSid,
    api_version: "2010-04-01",
    body: message.body,
    date_created: rfc2822(message.dateCreated),
    date_sent: message.dateSent ? rfc2822(message.dateSent) : null,
    date_updated: rfc2822(message.dateUpdated),
    direction: message.direction,
    error_code: message.errorCode,
    error_message: message.errorMessage,
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: String(message.mediaUrls.length),
    num_segments: String(message.numSegments),
    price: null,
    price_unit: "USD",
    sid: message.sid,
    status: message.status,
    subresource_uris: { media: `${base}/Media.json`, feedback: `${base}/Feedback.json` },
    to: message.to,
    uri: `${base}.json`,
  });
}
