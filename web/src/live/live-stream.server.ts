import type { NatsConnection } from "@nats-io/transport-node";

const HEARTBEAT_MS = 25_000;

/**
 * Server-sent events for one org, fed by the projector's core-NATS notices on
 * `<ns>.live.<orgId>`. Each notice becomes a `change` event (its payload passed through when
 * it is JSON); the page revalidates on it. Ends when the browser goes away.
 */
export function liveEventStream(nc: NatsConnection, subject: string, signal: AbortSignal): Response {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (chunk: string) => {
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          cleanup();
        }
      };
      send("retry: 3000\n: connected\n\n");
      const subscription = nc.subscribe(subject, {
        callback: (error, message) => {
          if (error) return;
          const text = message.string();
          let data = "{}";
          try {
            data = JSON.stringify(JSON.parse(text));
          } catch {
            // Not JSON: the notice still means "something changed".
          }
          send(`event: change\ndata: ${data}\n\n`);
        },
      });
      const heartbeat = setInterval(() => send(": ping\n\n"), HEARTBEAT_MS);
      cleanup = () => {
        clearInterval(heartbeat);
        subscription.unsubscribe();
        cleanup = () => {};
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      signal.addEventListener("abort", () => cleanup(), { once: true });
    },
    cancel() {
      cleanup();
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
