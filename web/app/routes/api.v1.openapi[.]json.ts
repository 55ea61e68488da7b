import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiJson } from "#app/api/api-response.server.ts";
import { openApiDocument } from "#app/api/openapi.server.ts";

// The server URL comes from configuration: a Host header is the client's to choose, and this
// answer is cached publicly.
export function loader({ context }: LoaderFunctionArgs) {
  return apiJson(openApiDocument(context.web.env.WEB_PUBLIC_URL), 200, { "cache-control": "public, max-age=300" });
}
