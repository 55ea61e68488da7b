// Twilio's media hosts live in the kit, shared with the outbound's media keeper (decision 021).
export { twilioMediaRedirect, twilioMediaUrl } from "@cloudpa/kit/twilio";
