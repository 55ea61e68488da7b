// The kit's Twilio REST client and media helpers, an entry of their own: the `twilio` package and
// its axios cost a process about 35 MB of RSS, and only the services that call Twilio's REST API
// (the outbound, the web) load them; the projector, which never does, imports the kit's root
// without them (issue 16).
export {
  ApiBaseRequestClient,
  type TwilioClientOptions,
  twilioClientOf,
  twilioUrlAt,
} from "./twilio/twilio-client.js";
export {
  fetchTwilioMedia,
  type TwilioCredentials,
  twilioMediaRedirect,
  twilioMediaUrl,
} from "./twilio/twilio-media.js";
