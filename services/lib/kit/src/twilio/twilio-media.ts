// Twilio's media, fetched with a channel's credentials from Twilio's hosts only: the web's media
// proxy and the outbound's media keeper (decision 021) both use this one copy.
/** Twilio's API origin, which TWILIO_API_BASE_URL stands in for when set. */
const TWILIO_API_BASE = "https://api.twilio.com";

/**
 * Twilio's Media resource (twilio_api_v2010: `/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{Sid}`,
 * SIDs `AC…`, `SM…`/`MM…`, `ME…`). Without an extension it answers the media itself.
 */
const MEDIA_PATH =
  /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\/(?:SM|MM)[0-9a-fA-F]{32}\/Media\/ME[0-9a-fA-F]{32}$/;

/**
 * Where Twilio redirects a media request: a short-lived URL on mms.twiliocdn.com when the
 * account enforces HTTP auth on media, else the public S3 bucket `media.twiliocdn.com` (served
 * from s3-external-1.amazonaws.com). Nothing else is ever followed.
 */
const MEDIA_CDN: readonly { host: string; pathPrefix: string }[] = [
  { host: "mms.twiliocdn.com", pathPrefix: "/" },
  { host: "media.twiliocdn.com", pathPrefix: "/" },
  { host: "s3-external-1.amazonaws.com", pathPrefix: "/media.twiliocdn.com/" },
];

function parse(url: string, base?: string): URL | undefined {
  try {
    const parsed = new URL(url, base);
    return parsed.username || parsed.password ? undefined : parsed;
  } catch {
    return undefined;
  }
}

/** The local base that plays every Twilio host (TWILIO_API_BASE_URL: the simulator, a test's fake), if any. */
function localBase(apiBaseUrl: string | undefined): URL | undefined {
  return apiBaseUrl && apiBaseUrl !== TWILIO_API_BASE ? parse(apiBaseUrl) : undefined;
}

/** A Twilio host's URL as the product calls it: on the local base with the path kept, when one is set. */
function onBase(target: URL, base: URL | undefined): URL {
  return base ? new URL(`${target.pathname}${target.search}`, base.origin) : target;
}

/**
 * The URL to fetch a stored MediaUrl at, with the channel's credentials: only Twilio's API origin
 * (or the local base), only the Media resource path, only of the channel's own account. A
 * MediaUrl is customer-influenced data: anything else (another path of the same origin, such as
 * the simulator's `/sim/…` pages, or another account's media) is refused.
 */
export function twilioMediaUrl(url: string, accountSid: string, apiBaseUrl: string | undefined): URL | undefined {
  const target = parse(url);
  if (!target || target.search || target.hash) return undefined;
  const base = localBase(apiBaseUrl);
  const fromTwilio = target.protocol === "https:" && target.host === "api.twilio.com";
  if (!fromTwilio && target.origin !== base?.origin) return undefined;
  if (MEDIA_PATH.exec(target.pathname)?.[1] !== accountSid) return undefined;
  return onBase(target, base);
}

/**
 * Where a redirect of a media request may lead: Twilio's media CDN over HTTPS on its default
 * port, never anywhere else (a loopback or private address, another host). Fetched without
 * credentials.
 */
export function twilioMediaRedirect(location: string, from: URL, apiBaseUrl: string | undefined): URL | undefined {
  const target = parse(location, from.href);
  if (target?.protocol !== "https:" || target.port !== "") return undefined;
  const cdn = MEDIA_CDN.find((entry) => entry.host === target.hostname.toLowerCase());
  if (!cdn || !target.pathname.startsWith(cdn.pathPrefix)) return undefined;
  return onBase(target, localBase(apiBaseUrl));
}

/** Twilio answers a media request with one redirect to its CDN; a little slack, never a loop. */
const MAX_REDIRECTS = 2;

export interface TwilioCredentials {
  accountSid: string;
  authToken: string;
}

/**
 * Fetches a Twilio media URL of the channel's account. Credentials go to Twilio's Media resource
 * only; Twilio answers with a redirect to a short-lived URL on its CDN, followed by hand and
 * without credentials, and only to the CDN's hosts. Anything else is refused (undefined).
 */
export async function fetchTwilioMedia(
  url: string,
  credentials: TwilioCredentials,
  apiBaseUrl: string | undefined,
): Promise<Response | undefined> {
  let next: URL | undefined = twilioMediaUrl(url, credentials.accountSid, apiBaseUrl);
  if (!next) return undefined;
  const authorization = `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString("base64")}`;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const headers: Record<string, string> = hop === 0 ? { authorization } : {};
    const response: Response = await fetch(next, { headers, redirect: "manual", signal: AbortSignal.timeout(15_000) });
    if (response.status < 300 || response.status >= 400) return response;
    await response.body?.cancel();
    const location: string | null = response.headers.get("location");
    next = location ? twilioMediaRedirect(location, next, apiBaseUrl) : undefined;
    if (!next) return undefined;
  }
  return undefined;
}
