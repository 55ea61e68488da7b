import type { CloudpaNames } from "@cloudpa/contracts";
import type { NatsConnection } from "@nats-io/transport-node";
import type { BatchOutcome } from "../consumer/batch-applier.js";

/** The body of a live notice on `<ns>.live.<orgId>`: what changed, so the inbox refreshes without polling. */
export interface LiveNotice {
  orgId: string;
  conversationIds: string[];
  channelIds: string[];
  /** The stream sequence the read model now includes. */
  checkpoint: number;
}

/** One core-NATS notice per org whose rows a committed batch changed (not stored: a missed one costs a refresh). */
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
