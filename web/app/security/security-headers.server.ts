import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import helmet from "helmet";
import { reachedOverTls } from "#app/security/reached-over-tls.ts";

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

/** What the express layer knows of a request, as far as these headers care. */
type ExpressRequest = IncomingMessage & { path?: string; secure?: boolean };
type ExpressResponse = ServerResponse & { locals?: Record<string, unknown> };

/** Where the per-request nonce lives between the header and the page that uses it. */
const NONCE_LOCAL = "cspNonce";

/** Paths that never answer a document: the JSON API, the event stream, the media proxy, the health check. */
const NON_DOCUMENT = /^\/(api\/|live$|media\/|healthz$)/;

/**
 * Features the app never uses, denied to the page and to anything it embeds. Only names Chromium
 * knows: an unknown one is a console warning on every page (Debian's Chromium knows no
 * "bluetooth"). WebAuthn and the clipboard (the copy button) keep their defaults (self).
 */
const DENIED_FEATURES = [
  "accelerometer",
  "autoplay",
  "camera",
  "display-capture",
  "geolocation",
  "gyroscope",
  "hid",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "screen-wake-lock",
  "serial",
  "usb",
  "xr-spatial-tracking",
];
export const PERMISSIONS_POLICY = DENIED_FEATURES.map((feature) => `${feature}=()`).join(", ");

/** A JSON answer loads nothing and is framed by nobody. */
export const NON_DOCUMENT_CSP = "default-src 'none'; frame-ancestors 'none'";

const HSTS = "max-age=31536000; includeSubDomains";

export interface SecurityHeadersOptions {
  /** WEB_PUBLIC_URL: an https one means every answer reaches the user over TLS. */
  publicUrl: string;
}

/** The nonce of this request's CSP, for the document's script tags. */
export function cspNonceOf(res: ServerResponse): string {
  const nonce = (res as ExpressResponse).locals?.[NONCE_LOCAL];
  if (typeof nonce !== "string") throw new Error("securityHeaders() must run before the page is rendered");
  return nonce;
}

/**
 * Express middleware that sets the security headers of every answer. A page gets a CSP whose
 * scripts must carry a fresh random nonce (no inline script without it, no `unsafe-inline`);
 * the JSON API and the other non-document paths get the subset that means something for them.
 * HSTS goes out only over https: an https WEB_PUBLIC_URL, or `req.secure`, which express derives
 * from X-Forwarded-Proto only when the WEB_TRUSTED_PROXIES hop sent it (`trust proxy`).
 */
export function securityHeaders({ publicUrl }: SecurityHeadersOptions): Middleware {
  const publicHttps = reachedOverTls(publicUrl);
  const isHttps = (req: ExpressRequest) => publicHttps || req.secure === true;
  const nonceOf = (_req: IncomingMessage, res: ServerResponse) => `'nonce-${cspNonceOf(res)}'`;
  const common = {
    // HSTS is decided per request below; helmet would send it over plain http too.
    strictTransportSecurity: false,
    referrerPolicy: { policy: "strict-origin-when-cross-origin" as const },
    xFrameOptions: { action: "deny" as const },
    crossOriginOpenerPolicy: { policy: "same-origin" as const },
    crossOriginResourcePolicy: { policy: "same-origin" as const },
  };
  const page = (https: boolean) =>
    helmet({
      ...common,
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          "default-src": ["'self'"],
          "script-src": ["'self'", nonceOf],
          "script-src-attr": ["'none'"],
          "style-src": ["'self'"],
          // The favicon is a data: URL; conversation media comes through the same-origin proxy.
          "img-src": ["'self'", "data:"],
          "font-src": ["'self'"],
          // fetch and the /live EventSource.
          "connect-src": ["'self'"],
          "object-src": ["'none'"],
          "base-uri": ["'none'"],
          "form-action": ["'self'"],
          "frame-ancestors": ["'none'"],
          "frame-src": ["'none'"],
          ...(https ? { "upgrade-insecure-requests": [] } : {}),
        },
      },
    });
  const pageOverHttp = page(false);
  const pageOverHttps = page(true);
  const nonDocument = helmet({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { "default-src": ["'none'"], "frame-ancestors": ["'none'"] },
    },
  });

  return (req, res, next) => {
    const request = req as ExpressRequest;
    const response = res as ExpressResponse;
    // Every request gets one (16 random bytes), so any answer Remix renders as a page has it.
    response.locals ??= {};
    response.locals[NONCE_LOCAL] = randomBytes(16).toString("base64");
    const https = isHttps(request);
    if (https) res.setHeader("Strict-Transport-Security", HSTS);
    if (NON_DOCUMENT.test(request.path ?? req.url ?? "")) return nonDocument(req, res, next);
    res.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
    return (https ? pageOverHttps : pageOverHttp)(req, res, next);
  };
}
