// The edge's body limit and the Remix handler that takes the body it read. A body is read here,
// counted as it arrives, and refused with 413 the moment it passes the route's limit (or at once
// when its Content-Length says it will), so no route ever buffers more than the limit.

import { createRequestHandler as createRemixHandler, writeReadableStreamToWritable } from "@remix-run/node";

/**
 * Express middleware: reads the body of every request that has one into `req.limitedBody`, or
 * answers `tooLarge(req, res, limit)` and closes the connection. `limitOf(path)` gives the route's
 * limit as `{ kind, bytes }`.
 */
export function limitRequestBody(limitOf, tooLarge) {
  return (req, res, next) => {
    const declared = req.get("content-length");
    const chunked = req.get("transfer-encoding") !== undefined;
    if (!chunked && (declared === undefined || declared === "0")) return next();
    const limit = limitOf(req.path);
    let refused = false;
    let chunks = [];
    let received = 0;
    const refuse = () => {
      refused = true;
      chunks = [];
      lingerThenClose(req, res);
      tooLarge(req, res, limit);
    };
    req.on("data", (chunk) => {
      received += chunk.length;
      if (refused) return;
      if (received > limit.bytes) return refuse();
      chunks.push(chunk);
    });
    req.once("end", () => {
      if (refused) return;
      req.limitedBody = Buffer.concat(chunks);
      next();
    });
    req.once("error", (error) => {
      if (!refused) next(error);
    });
    if (declared !== undefined && Number(declared) > limit.bytes) refuse();
  };
}

/**
 * After a 413 the connection closes the way nginx's lingering close does: the answer goes out
 * with `Connection: close` and a FIN, and the rest of the body is read and dropped (never kept)
 * for a moment before the socket goes. Closing at once, with the client still sending, makes TCP
 * reset the connection, and the client can lose the 413 itself.
 */
const LINGER = { ms: 2000, bytes: 8 * 1024 * 1024 };

function lingerThenClose(req, res) {
  const socket = req.socket;
  let drained = 0;
  const close = () => socket.destroy();
  res.set("connection", "close");
  // Node ends a `Connection: close` answer with destroySoon(); here it half-closes instead.
  socket.destroySoon = () => {
    socket.end();
    setTimeout(close, LINGER.ms).unref();
  };
  req.on("data", (chunk) => {
    drained += chunk.length;
    if (drained > LINGER.bytes) close();
  });
  socket.once("end", close);
}

/** The Remix request handler over express, with the body `limitRequestBody` read. */
export function remixHandler({ build, getLoadContext }) {
  const handle = createRemixHandler(build, process.env.NODE_ENV);
  return async (req, res, next) => {
    try {
      const controller = new AbortController();
      res.once("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined) continue;
        for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
      }
      const hasBody = req.method !== "GET" && req.method !== "HEAD" && req.limitedBody !== undefined;
      const request = new Request(urlOf(req), {
        method: req.method,
        headers,
        body: hasBody ? req.limitedBody : undefined,
        signal: controller.signal,
      });
      const response = await handle(request, getLoadContext(req, res));
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [name, value] of response.headers.entries()) res.append(name, value);
      if (/text\/event-stream/i.test(response.headers.get("content-type") ?? "")) res.flushHeaders();
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  };
}

/** The request's URL as Remix sees it; a Host header that is no host name is no reason for a 500. */
function urlOf(req) {
  try {
    return new URL(`${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`).href;
  } catch {
    return new URL(`${req.protocol}://localhost${req.originalUrl}`).href;
  }
}
