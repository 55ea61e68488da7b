import { describe, expect, it } from "vitest";
import { API_SCOPES } from "#app/accounts/api-tokens.server.ts";
import { openApiDocument } from "./openapi.server.ts";

describe("the OpenAPI document's scopes", () => {
  it("names the scope each operation needs, and its 401, 403 and 429 answers", () => {
    const { paths } = openApiDocument("https://inbox.example");
    const operations = [
      [paths["/api/v1/messaging/conversations"].get, "read"],
      [paths["/api/v1/messaging/conversations/{id}"].get, "read"],
      [paths["/api/v1/messaging/conversations/{id}/send"].post, "send"],
    ] as const;
    for (const [operation, scope] of operations) {
      expect(API_SCOPES).toContain(scope);
      expect(operation.security).toEqual([{ bearer: [scope] }]);
      expect(operation["x-required-scope"]).toBe(scope);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(["401", "403", "429"]));
      expect(operation.responses["403"].description).toContain(`\`${scope}\``);
      expect(operation.responses["429"].headers["Retry-After"].schema).toEqual({ type: "integer" });
    }
  });
});
