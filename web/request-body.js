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
    const refuse = () => {
      res.set("connection", "close");
      tooLarge(req, res, limit);
      // Stop taking the rest of the body: the answer is out, the socket goes with it.
      req.pause();
      res.once("finish", () => req.socket.destroy());
    };
    if (declared !== undefined && Number(declared) > limit.bytes) return refuse();
    const chunks = [];
    let received = 0;
    let refused = false;
    req.on("data", (chunk) => {
      if (refused) return;
      received += chunk.length;
      if (received > limit.bytes) {
        refused = true;
        chunks.length = 0;
        refuse();
        return;
      }
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
  };
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
