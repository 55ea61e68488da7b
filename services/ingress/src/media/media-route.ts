import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { type IngressEnv, MEDIA_URL_PREFIX, verifyMediaPath } from "@cloudpa/contracts";
import { errorContext, type Logger, type ServiceNats } from "@cloudpa/kit";
import type { FastifyInstance } from "fastify";

/** A file name fit for a Content-Disposition header: Twilio asks for short names without spaces. */
function dispositionName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, "_").slice(-60);
  return cleaned || "attachment";
}

/**
 * `GET /media/<orgId>/<mediaId>/<expires>/<signature>` (decision 021): the one stored object the
 * signed path names, with its content type, until the path expires. Twilio fetches outbound
 * MediaUrls here, at PUBLIC_BASE_URL. Every other request under /media/ (malformed, tampered,
 * expired, another object's signature, an object that is gone, no MEDIA_URL_KEY) answers the same
 * 404, so nothing tells a prober which part was wrong. HEAD is served too (Fastify's own HEAD route).
 */
export function serveMedia(fastify: FastifyInstance, env: IngressEnv, nats: ServiceNats, logger: Logger): void {
  fastify.get(`${MEDIA_URL_PREFIX}*`, async (request, reply) => {
    const notFound = () => reply.code(404).header("cache-control", "no-store").type("text/plain").send("Not found");
    const path = request.url.split("?")[0] ?? "";
    const ref = env.MEDIA_URL_KEY ? verifyMediaPath(env.MEDIA_URL_KEY, path) : undefined;
    if (!ref) return notFound();
    let object: Awaited<ReturnType<Awaited<ReturnType<ServiceNats["mediaStore"]>>["get"]>>;
    try {
      object = await (await nats.mediaStore()).get(ref);
    } catch (error) {
      logger.warn("media read failed", { ...ref, ...errorContext(error) });
      return reply.code(503).header("cache-control", "no-store").type("text/plain").send("Try again");
    }
    if (!object) return notFound();
    const { media, data } = object;
    return reply
      .code(200)
      .header("content-type", media.contentType)
      .header("content-length", String(media.size))
      .header("content-disposition", `inline; filename="${dispositionName(media.name)}"`)
      .header("cache-control", "private, max-age=300")
      .header("x-content-type-options", "nosniff")
      .header("content-security-policy", "sandbox; default-src 'none'")
      .send(Readable.fromWeb(data as NodeReadableStream<Uint8Array>));
  });
}
