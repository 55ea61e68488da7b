import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient.js";

/** Every host of Twilio's REST APIs: api (Messages, Media), content (Content API), and the others. */
const TWILIO_HOST = /^https:\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)*\.twilio\.com(?=\/|$)/;

/**
 * A Twilio URL moved to `TWILIO_API_BASE_URL` (the simulator, a test's server): the origin of
 * any Twilio host is replaced and the path kept, so `https://content.twilio.com/v1/Content`
 * becomes `<base>/v1/Content` and one local server can play every host. Other URLs stay.
 */
export function twilioUrlAt(apiBaseUrl: string, uri: string): string {
  const base = apiBaseUrl.replace(/\/+$/, "");
  return uri.replace(TWILIO_HOST, base);
}

/**
 * The `twilio` package's HTTP client with every Twilio host rewritten to `TWILIO_API_BASE_URL`,
 * so production and tests run the same client code and only the origin differs.
 */
export class ApiBaseRequestClient extends twilio.RequestClient {
  constructor(
    private readonly apiBaseUrl: string,
    options: ConstructorParameters<typeof twilio.RequestClient>[0] = {},
  ) {
    super(options);
  }

  override request<TData>(options: RequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...options, uri: twilioUrlAt(this.apiBaseUrl, options.uri) });
  }
}

export interface TwilioClientOptions {
  /** `TWILIO_API_BASE_URL`: where Twilio's APIs are (Twilio's own when unset). */
  apiBaseUrl: string | undefined;
  /** How long one request may take. */
  timeoutMs: number;
}

/**
 * A `twilio` client for one account. The client's own retries stay off: a caller that retries
 * does it where it is bounded and counted.
 */
export function twilioClientOf(
  credentials: { accountSid: string; authToken: string },
  options: TwilioClientOptions,
): twilio.Twilio {
  const { apiBaseUrl, timeoutMs } = options;
  const httpClient = apiBaseUrl
    ? new ApiBaseRequestClient(apiBaseUrl, { timeout: timeoutMs })
    : new twilio.RequestClient({ timeout: timeoutMs });
  return twilio(credentials.accountSid, credentials.authToken, { httpClient, autoRetry: false });
}
