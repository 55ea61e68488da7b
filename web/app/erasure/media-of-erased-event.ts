import { inboundMediaIdFor } from "@cloudpa/contracts";
import { z } from "zod";

/** What erasure reads of an event it erases: who it is and the media it names (nothing is trusted but ids). */
const mediaRefsSchema = z.object({
  type: z.string(),
  orgId: z.string(),
  messageSid: z.string().optional(),
  media: z.array(z.unknown()).optional(),
  items: z.array(z.object({ mediaId: z.string() })).optional(),
});
const mediaIdOf = z.object({ mediaId: z.uuid() });

/**
 * The media Object Store ids an erased event names (docs/decisions/010, "Stored media"): the files
 * a reply sent, the copies InboundMediaStored recorded, and for an inbound message the ids the
 * media keeper stores its items under, which follow from the message alone: so a copy the keeper
 * stored before (or without) recording it is erased too. Pure; a payload of another shape, or of
 * another org, names nothing.
 */
export function mediaIdsOfErasedEvent(orgId: string, data: Uint8Array): string[] {
  let parsed: z.infer<typeof mediaRefsSchema>;
  try {
    const result = mediaRefsSchema.safeParse(JSON.parse(Buffer.from(data).toString("utf8")));
    if (!result.success) return [];
    parsed = result.data;
  } catch {
    return [];
  }
  if (parsed.orgId !== orgId) return [];
  const named = [...(parsed.media ?? []), ...(parsed.items ?? [])].flatMap((item) => {
    const ref = mediaIdOf.safeParse(item);
    return ref.success ? [ref.data.mediaId] : [];
  });
  if (parsed.type === "InboundMessageReceived" && parsed.messageSid)
    for (const index of (parsed.media ?? []).keys()) named.push(inboundMediaIdFor(orgId, parsed.messageSid, index));
  return named;
}
