import { baseContentType, checkSendableMedia, MEDIA_SIZE_LIMITS } from "@cloudpa/contracts";
import type { z } from "zod";
import { apiError, apiJson } from "#app/api/api-response.server.ts";
import type { mediaUploadedSchema } from "#app/api/api-schemas.ts";
import { withAuth } from "#app/api/messaging-api.server.ts";
import { checkOrigin } from "#app/security/csrf.server.ts";
import type { WebContext } from "#app/web-context.server.ts";
import { mediaStoreOf } from "./media-store.server.ts";

/** The largest file any kind allows: what the edge lets an upload's body be (plus the multipart framing). */
export const MAX_UPLOAD_BYTES = Math.max(...Object.values(MEDIA_SIZE_LIMITS));

/** A file name as kept: its last path segment, without control characters, at most 255 characters. */
function fileNameOf(name: string): string {
  const last = name.split(/[\\/]/).at(-1) ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  return last.replace(/[\u0000-\u001f\u007f]/g, "").slice(-255) || "attachment";
}

/**
 * `POST /api/v1/messaging/media` (multipart/form-data, field `file`) → 201
 * `{mediaId, contentType, size}`: the file is kept in the media Object Store under the caller's
 * org, to be sent by id (`{"mediaIds": [...]}`). 415 for a type WhatsApp cannot send, 413 over
 * its kind's limit (contracts' MEDIA_SIZE_LIMITS, named in the message); the `send` scope.
 */
export function uploadMedia(web: WebContext, request: Request, clientIp = "unknown"): Promise<Response> {
  return withAuth(web, request, "send", clientIp, async (web, { account, via }) => {
    if (via === "session") {
      const origin = checkOrigin(request);
      if (!origin.ok) return apiError(403, "AUTH.CROSS_SITE", origin.reason);
    }
    if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data"))
      return apiError(415, "REQUEST.UNSUPPORTED_MEDIA_TYPE", "Send the file as multipart/form-data, field file");
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      return apiError(400, "REQUEST.INVALID", "The body is not multipart/form-data with a file");
    }
    const file = form.get("file");
    if (!(file instanceof File)) return apiError(400, "REQUEST.INVALID", "Send the file in the field file");
    const contentType = baseContentType(file.type);
    const check = checkSendableMedia(contentType, file.size);
    if (!check.ok) {
      if (check.reason === "unsupported_type") return apiError(415, "MEDIA.UNSUPPORTED_TYPE", check.message);
      if (check.reason === "too_large") return apiError(413, "MEDIA.TOO_LARGE", check.message);
      return apiError(400, "REQUEST.INVALID", check.message);
    }
    const store = await mediaStoreOf(web);
    const stored = await store.put(
      account.orgId,
      { mediaId: crypto.randomUUID(), contentType, size: file.size, name: fileNameOf(file.name) },
      new Uint8Array(await file.arrayBuffer()),
    );
    web.logger.info("media uploaded", {
      orgId: account.orgId,
      mediaId: stored.mediaId,
      contentType,
      size: stored.size,
    });
    return apiJson(
      {
        mediaId: stored.mediaId,
        contentType: stored.contentType,
        size: stored.size,
        name: stored.name,
      } satisfies z.input<typeof mediaUploadedSchema>,
      201,
    );
  });
}
