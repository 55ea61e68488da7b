import { z } from "zod";
import { uuid } from "../events/common.js";
import { uuidv5 } from "../ids.js";
import { MAX_SEND_MEDIA } from "./media-limits.js";

/** A file kept in the media Object Store, as events and commands record it. */
export const storedMediaSchema = z.object({
  mediaId: uuid,
  contentType: z.string().min(1),
  size: z.number().int().nonnegative(),
  /** The file's name as uploaded (or `attachment-<n>` for inbound media without one). */
  name: z.string().max(255),
});
export type StoredMedia = z.infer<typeof storedMediaSchema>;

/** The files of one outbound message: at most Twilio's 10 MediaUrls. */
export const sendMediaListSchema = z.array(storedMediaSchema).min(1).max(MAX_SEND_MEDIA);

/**
 * The id the media keeper stores an inbound message's item under: from the org, the MessageSid and
 * the item's index, so a redelivery overwrites, and erasure finds the copies of a message from the
 * message alone, before (or without) the keeper's InboundMediaStored (decisions 010 and 021).
 */
export function inboundMediaIdFor(orgId: string, messageSid: string, index: number): string {
  return uuidv5(`inbound-media:${orgId}:${messageSid}:${index}`);
}
