import { type LiveNotice, liveNoticeSchema } from "@cloudpa/contracts";
import { errorContext, extractTraceContext, headerLookupOf, type Logger, startSpan } from "@cloudpa/kit";
import type { LiveFeed } from "./live-feed.server.ts";

const HEARTBEAT_MS = 25_000;

export interface LiveStreamOptions {
  feed: LiveFeed;
  /** The org whose projection position the stream reports. */
  orgId: string;
  /** The org's `<ns>.live.<orgId>`. */
  subject: string;
  /** Ends the stream when the browser goes away. */
  signal: AbortSignal;
  /**
   * Whether the request still signs in to the org. Asked before anything is sent, so a stream
   * opened before a logout, an expiry or a rotation of its session delivers nothing after it, on
   * whichever replica the session ended (the sessions live in Postgres).
   */
  stillSignedIn: () => Promise<boolean>;
  logger: Logger;
  heartbeatMs?: number;
}

/**
 * Server-sent events of one org's projection position: `position` on connect and after the web's
 * NATS connection comes back, `change` when the projector committed changes of this org (its
 * core-NATS notice). Both carry `{"position": <stream sequence>}`; the page revalidates when
 * that is ahead of the position its data reflects (docs/decisions/007). When the session has
 * ended, a last `signed-out` event, then the stream ends.
 */
export function liveEventStream(options: LiveStreamOptions): Response {
  const { feed, orgId, subject, signal, stillSignedIn, logger } = options;
  const encoder = new TextEncoder();
  let end = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let ended = false;
      const write = (chunk: string) => {
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          end();
        }
      };
      // What waits for the session check, coalesced: only the highest positions matter.
      let pending: { position?: number; change?: number; ping?: boolean } = {};
      let checking = false;
      const flushPending = async () => {
        checking = true;
        try {
          while (!ended && Object.keys(pending).length > 0) {
            const sending = pending;
            pending = {};
            // Whatever was queued before the check started is covered by its answer.
            if (!(await stillSignedIn())) {
              write("event: signed-out\ndata: {}\n\n");
              end();
              return;
            }
            if (sending.position !== undefined) write(`event: position\ndata: {"position":${sending.position}}\n\n`);
            if (sending.change !== undefined) write(`event: change\ndata: {"position":${sending.change}}\n\n`);
            if (sending.ping) write(": ping\n\n");
          }
        } catch (error) {
          // The session could not be checked: send nothing, and let the browser connect again.
          logger.warn("live stream ended: session not checked", errorContext(error));
          end();
        } finally {
          checking = false;
        }
      };
      const queue = (kind: "position" | "change", position: number) => {
        pending[kind] = Math.max(pending[kind] ?? 0, position);
        if (!checking) void flushPending();
      };

      write("retry: 3000\n: connected\n\n");
      const subscription = feed.nc.subscribe(subject, {
        callback: (error, message) => {
          if (error) return;
          // The notice reaching this open inbox is a span of the trace the projector's notice carries (decision 012).
          const parent = extractTraceContext(headerLookupOf(message.headers));
          const span = startSpan("live change", { attributes: { "messaging.destination.name": subject } }, parent);
          const notice = liveNoticeOf(message.string());
          if (notice) queue("change", notice.checkpoint);
          else logger.warn("live notice ignored: not a notice", { subject });
          span.end();
        },
      });
      const stopReconnects = feed.onReconnect(orgId, (position) => queue("position", position));
      const heartbeat = setInterval(() => {
        pending.ping = true;
        if (!checking) void flushPending();
      }, options.heartbeatMs ?? HEARTBEAT_MS);
      end = () => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        stopReconnects();
        subscription.unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      signal.addEventListener("abort", () => end(), { once: true });
      // Subscribed first, then the position read: a change committed after this read is a notice
      // this stream hears, one committed before it is in the position.
      feed.nc
        .flush()
        .then(() => feed.position(orgId))
        .then(
          (position) => queue("position", position),
          (error) => {
            logger.warn("live stream ended: position not read", errorContext(error));
            end();
          },
        );
    },
    cancel() {
      end();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}

function liveNoticeOf(text: string): LiveNotice | undefined {
  try {
    const parsed = liveNoticeSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
