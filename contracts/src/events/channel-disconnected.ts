import { z } from "zod";
import { eventBase, uuid } from "./common.js";

export const channelDisconnectedSchema = z.object({
  type: z.literal("ChannelDisconnected"),
  ...eventBase,
  channelId: uuid,
  disconnectedBy: z.string(),
});
export type ChannelDisconnected = z.infer<typeof channelDisconnectedSchema>;
