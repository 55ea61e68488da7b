import type { SimMessage } from "../sim-state.js";

/** A message as tests and the phone page see it: what was sent (or received) and where it stands now. */
export interface SentMessage {
  sid: string;
  accountSid: string;
  direction: "outbound-api" | "inbound";
  from: string;
  to: string;
  body: string;
  mediaUrls: string[];
  /** The media Twilio keeps for it, each viewable at `url` (the simulator's own route, no credentials). */
  media: Array<{ sid: string; contentType: string; url: string; filename: string | null; size: number }>;
  /** The template sent, if it was one (`body` is its rendered text). */
  contentSid: string | null;
  /** Webhook params beyond text and media (`Latitude`, `ButtonPayload`, `OriginalRepliedMessageSid`…), for inbound. */
  extraParams: Record<string, string>;
  statusCallback: string | null;
  status: string;
  errorCode: number | null;
  dateCreated: string;
}

export function sentMessageOf(message: SimMessage): SentMessage {
  return {
    sid: message.sid,
    accountSid: message.accountSid,
    direction: message.direction,
    from: message.from,
    to: message.to,
    body: message.body,
    mediaUrls: [...message.mediaUrls],
    media: message.media.map((media) => ({
      sid: media.sid,
      contentType: media.contentType,
      url: `/sim/media/${media.sid}`,
      filename: media.filename ?? null,
      size: media.data.length,
    })),
    contentSid: message.contentSid,
    extraParams: { ...message.extraParams },
    statusCallback: message.statusCallback,
    status: message.status,
    errorCode: message.errorCode,
    dateCreated: message.dateCreated.toISOString(),
  };
}
