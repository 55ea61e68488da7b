import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient.js";

const TWILIO_API = "https://api.twilio.com";

/** Sends the `twilio` package's requests to another base URL (the simulator), keeping path and query. */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly apiBaseUrl: string) {
    super();
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const uri = opts.uri.startsWith(TWILIO_API) ? this.apiBaseUrl + opts.uri.slice(TWILIO_API.length) : opts.uri;
    return super.request<TData>({ ...opts, uri });
  }
}

/** A Twilio REST client for one account, pointed at `TWILIO_API_BASE_URL` when that is set. */
export function twilioClientFor(account: { accountSid: string; authToken: string }, apiBaseUrl: string | undefined) {
  return twilio(account.accountSid, account.authToken, {
    ...(apiBaseUrl ? { httpClient: new RebasedRequestClient(apiBaseUrl.replace(/\/+$/, "")) } : {}),
  });
}

export type TwilioClient = ReturnType<typeof twilioClientFor>;
