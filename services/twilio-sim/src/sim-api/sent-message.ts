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
    statusCallback: message.statusCallback,
    status: message.status,
    errorCode: message.errorCode,
    dateCreated: message.dateCreated.toISOString(),
  };
}
