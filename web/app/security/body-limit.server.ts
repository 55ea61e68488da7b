import { MEDIA_SIZE_LIMITS } from "@cloudpa/contracts";

/**
 * The most a request body may hold, per kind of route: the one place these limits live. The
 * edge (server.js) refuses a bigger body with 413 before any route reads it. Forms hold a
 * reply (at most 1,600 characters, up to 12 bytes each once URL-encoded) or a few settings
 * fields; the API takes a small JSON document.
 */
export const BODY_LIMITS = {
  api: 32 * 1024,
  form: 64 * 1024,
  /** A media upload: WhatsApp's largest file (contracts' MEDIA_SIZE_LIMITS) and the multipart framing. */
  upload: Math.max(...Object.values(MEDIA_SIZE_LIMITS)) + 64 * 1024,
} as const;

/** Where files are uploaded (`POST /api/v1/messaging/media`). */
export const MEDIA_UPLOAD_PATH = "/api/v1/messaging/media";

export type BodyKind = keyof typeof BODY_LIMITS;

export function bodyKindOf(path: string): BodyKind {
  if (path === MEDIA_UPLOAD_PATH) return "upload";
  return path === "/api" || path.startsWith("/api/") ? "api" : "form";
}

export function bodyLimitOf(path: string): { kind: BodyKind; bytes: number } {
  const kind = bodyKindOf(path);
  return { kind, bytes: BODY_LIMITS[kind] };
}
