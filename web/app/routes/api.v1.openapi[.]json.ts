import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiJson } from "../../src/api/api-response.ts";
import { openApiDocument } from "../../src/api/openapi.ts";

export function loader({ request }: LoaderFunctionArgs) {
  return apiJson(openApiDocument(new URL(request.url).origin), 200, { "cache-control": "public, max-age=300" });
}
