import type { CloudpaNames, LiveNotice } from "@cloudpa/contracts";
import type { NatsConnection } from "@nats-io/transport-node";
import type { BatchOutcome } from "../consumer/batch-applier.js";

/**
 * One core-NATS notice per org whose rows a committed batch changed, carrying the committed
 * checkpoint (not stored: a web that missed one learns the position on its next connect or reconnect).
 */
export function publishLiveNotices(nc: NatsConnection, names: CloudpaNames, outcome: BatchOutcome): number {
  for (const [orgId, touched] of outcome.touched) {
    const notice: LiveNotice = {
      orgId,
      conversationIds: [...touched.conversationIds],
      channelIds: [...touched.channelIds],
      checkpoint: outcome.checkpoint,
    };
    nc.publish(names.liveSubject(orgId), JSON.stringify(notice));
  }
  return outcome.touched.size;
}
