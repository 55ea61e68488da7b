import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient.js";

/** Every Twilio host the product calls: api (Messages, Media), content (Content API). */
const TWILIO_HOST = /^https:\/\/[a-z]+\.twilio\.com/;

/** A RequestClient that sends every `https://*.twilio.com` request to the simulator, path kept (TWILIO_API_BASE_URL's rule). */
export class SimRequestClient extends twilio.RequestClient {
  constructor(private readonly simUrl: string) {
    super();
  }

  override request<TData>(options: RequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...options, uri: options.uri.replace(TWILIO_HOST, this.simUrl) });
  }
}

/** The `twilio` package's client for an account, talking to the simulator at `simUrl`. */
export function simTwilioClient(simUrl: string, account: { accountSid: string; authToken: string }) {
  return twilio(account.accountSid, account.authToken, { httpClient: new SimRequestClient(simUrl) });
}
