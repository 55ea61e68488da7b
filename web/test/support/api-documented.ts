// The JSON API int specs' check of an answer against the OpenAPI document (issue 15): the status is
// documented for the route and method, and the body is valid against the documented schema.
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { expect } from "vitest";
import { openApiDocument } from "#app/api/openapi.server.ts";

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
const document = openApiDocument("http://web.test");
ajv.addSchema({ $id: "openapi", components: document.components });

export type DocumentedMethod = "get" | "post" | "put" | "patch" | "delete";

export async function expectDocumented(response: Response, path: string, method: DocumentedMethod): Promise<void> {
  const operation = (document.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)[path]?.[
    method
  ];
  const described = operation?.responses[String(response.status)] as
    | { content?: { "application/json": { schema: { $ref: string } } } }
    | undefined;
  expect(described, `${method.toUpperCase()} ${path} documents ${response.status}`).toBeDefined();
  const ref = described?.content?.["application/json"].schema.$ref;
  const validate = ajv.compile({ $ref: `openapi${ref}` });
  const body = await response.clone().json();
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
}
