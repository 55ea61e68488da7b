import type { LaterFailure } from "../messages-api/send-failure.js";
import type { SimMessage, SimState } from "../sim-state.js";
import { newTwilioSid } from "../twilio-sid.js";

/** WhatsApp's largest media item (documents go up to 100 MB; the simulator keeps it small). */
const MAX_MEDIA_BYTES = 16 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 10_000;

/** The failure Twilio reports when it cannot download a MediaUrl for WhatsApp. */
export function mediaDownloadFailure(url: string, why: string): LaterFailure {
  return {
    kind: "later",
    status: "failed",
    errorCode: 63019,
    errorMessage: `Media failed to download: ${url} (${why})`,
  };
}

/**
 * Fetches each MediaUrl of an accepted message, as Twilio does before sending it, and keeps the bytes as
 * the message's Media. The first that cannot be fetched fails the message (63019).
 */
export async function fetchOutboundMedia(
  message: SimMessage,
  state: Pick<SimState, "addMedia">,
  now: () => Date,
  signal: AbortSignal,
): Promise<LaterFailure | undefined> {
  for (const url of message.mediaUrls) {
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]) });
    } catch (error) {
      return mediaDownloadFailure(url, error instanceof Error ? error.message : String(error));
    }
    if (!response.ok) {
      await response.body?.cancel();
      return mediaDownloadFailure(url, `HTTP ${response.status}`);
    }
    const data = Buffer.from(await response.arrayBuffer());
    if (data.length > MAX_MEDIA_BYTES) return mediaDownloadFailure(url, `${data.length} bytes is over the limit`);
    const contentType = (response.headers.get("content-type") ?? "application/octet-stream").split(";")[0]?.trim();
    const filename = /filename="?([^";]+)"?/.exec(response.headers.get("content-disposition") ?? "")?.[1];
    state.addMedia(message, {
      sid: newTwilioSid("ME"),
      contentType: contentType || "application/octet-stream",
      data,
      ...(filename ? { filename } : {}),
      dateCreated: now(),
    });
  }
  return undefined;
}
