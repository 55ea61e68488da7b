import { z } from "zod";
import { uuid } from "../events/common.js";

/**
 * The body of a live notice on `<ns>.live.<orgId>` (core NATS, not stored): the projector sends one
 * per org whose rows a committed batch changed, so an open inbox refreshes without polling.
 */
export const liveNoticeSchema = z.object({
  orgId: uuid,
  conversationIds: z.array(uuid),
  channelIds: z.array(uuid),
  /** The events stream's sequence the read model includes with this batch: its projection position. */
  checkpoint: z.number().int().nonnegative(),
});
export type LiveNotice = z.infer<typeof liveNoticeSchema>;
