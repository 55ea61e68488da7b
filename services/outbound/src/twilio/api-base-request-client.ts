import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient.js";

const TWILIO_API_ORIGIN = "https://api.twilio.com";

/**
 * The `twilio` package's HTTP client with every `https://api.twilio.com` URL rewritten to
 * `TWILIO_API_BASE_URL` (the simulator in development and tests), so production and tests
 * run the same client code and only the origin differs.
 */
export class ApiBaseRequestClient extends twilio.RequestClient {
  constructor(
    private readonly apiBaseUrl: string,
    options: ConstructorParameters<typeof twilio.RequestClient>[0] = {},
  ) {
    super(options);
  }

  override request<TData>(options: RequestClient.RequestOptions<TData>) {
    const base = this.apiBaseUrl.replace(/\/+$/, "");
    const uri = options.uri.startsWith(TWILIO_API_ORIGIN)
      ? base + options.uri.slice(TWILIO_API_ORIGIN.length)
      : options.uri;
    return super.request<TData>({ ...options, uri });
  }
}
