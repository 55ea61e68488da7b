import { apiError } from "#app/api/api-response.server.ts";

export function loader() {
  return apiError(404, "ROUTE.NOT_FOUND", "No such API route; see /api/v1/openapi.json");
}

export function action() {
  return apiError(404, "ROUTE.NOT_FOUND", "No such API route; see /api/v1/openapi.json");
}
