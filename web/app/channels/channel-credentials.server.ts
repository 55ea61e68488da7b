import { type ChannelRecord, DEFAULT_ORG_ID, openSecret } from "@cloudpa/contracts";
import type { TwilioCredentials } from "@cloudpa/kit/twilio";
import type { WebContext } from "#app/web-context.server.ts";
import { channelRecordOf } from "./channels.server.ts";

export type { TwilioCredentials };

/**
 * A channel's own Twilio credentials: its registry record's, the auth token opened with
 * CREDENTIALS_KEY; the env channel (single-user setups, the default org) falls back to TWILIO_*.
 * Undefined when the number is not the org's or its token cannot be had. The media proxy, the
 * templates and the Templates page all call Twilio with these.
 */
export async function channelCredentialsOf(
  web: WebContext,
  orgId: string,
  externalPhoneId: string | null,
): Promise<TwilioCredentials | undefined> {
  if (externalPhoneId) {
    const record = await channelRecordOf(web, orgId, externalPhoneId);
    if (record) {
      const authToken = openedAuthTokenOf(web, record);
      if (authToken !== undefined) return { accountSid: record.accountSid, authToken };
      web.logger.error("cannot open the channel's auth token (is CREDENTIALS_KEY the one that sealed it?)", {
        orgId,
        channelId: record.channelId,
      });
      return undefined;
    }
  }
  const { TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN } = web.env;
  if (orgId === DEFAULT_ORG_ID && TWILIO_ACCOUNT_SID && TWILIO_AUTH_TOKEN)
    return { accountSid: TWILIO_ACCOUNT_SID, authToken: TWILIO_AUTH_TOKEN };
  return undefined;
}

/**
 * A registry record's auth token opened with this server's CREDENTIALS_KEY; undefined when it was
 * sealed with another key (another install's `.env`, a key changed by hand).
 */
export function openedAuthTokenOf(web: WebContext, record: ChannelRecord): string | undefined {
  try {
    return openSecret(record.authTokenSealed, web.env.CREDENTIALS_KEY, record.channelId);
  } catch {
    return undefined;
  }
}
