import type { CloudpaNames, LiveNotice } from "@cloudpa/contracts";
import { injectTraceContext, startSpan } from "@cloudpa/kit";
import { headers, type NatsConnection } from "@nats-io/transport-node";
import { type Context, ROOT_CONTEXT, SpanKind, trace } from "@opentelemetry/api";
import type { BatchOutcome } from "../consumer/batch-applier.js";

/**
 * One core-NATS notice per org whose rows a committed batch changed, carrying the committed
 * checkpoint (not stored: a web that missed one learns the position on its next connect or reconnect).
 * A notice is a span of the trace `traceOf(orgId)` names, whose context it carries in its headers.
 */
export function publishLiveNotices(
  nc: NatsConnection,
  names: CloudpaNames,
  outcome: BatchOutcome,
  traceOf: (orgId: string) => Context | undefined = () => undefined,
): number {
  for (const [orgId, touched] of outcome.touched) {
    const notice: LiveNotice = {
      orgId,
      conversationIds: [...touched.conversationIds],
      channelIds: [...touched.channelIds],
      checkpoint: outcome.checkpoint,
    };
    const parent = traceOf(orgId);
    if (!parent) {
      nc.publish(names.liveSubject(orgId), JSON.stringify(notice));
      continue;
    }
    const subject = names.liveSubject(orgId);
    const span = startSpan(
      "live notice",
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          "messaging.system": "nats",
          "messaging.operation.type": "send",
          "messaging.destination.name": subject,
          "cloudpa.checkpoint": outcome.checkpoint,
        },
      },
      parent,
    );
    const hdrs = headers();
    injectTraceContext(hdrs, trace.setSpan(ROOT_CONTEXT, span));
    nc.publish(subject, JSON.stringify(notice), { headers: hdrs });
    span.end();
  }
  return outcome.touched.size;
}
