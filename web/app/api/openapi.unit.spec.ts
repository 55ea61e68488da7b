import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi.server.ts";

describe("the OpenAPI document", () => {
  it("describes the messaging and contact routes, bearer auth and the error shape", () => {
    const document = openApiDocument("https://inbox.example");
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual([
      "/api/v1/messaging/conversations",
      "/api/v1/messaging/conversations/{id}",
      "/api/v1/messaging/conversations/{id}/send",
      "/api/v1/messaging/conversations/{id}/archive",
      "/api/v1/messaging/conversations/{id}/unarchive",
      "/api/v1/messaging/conversations/{id}/snooze",
      "/api/v1/messaging/conversations/{id}/pin",
      "/api/v1/messaging/conversations/{id}/unpin",
      "/api/v1/messaging/conversations/{id}/mark-unread",
      "/api/v1/messaging/conversations/{id}/mute",
      "/api/v1/messaging/conversations/{id}/unmute",
      "/api/v1/messaging/conversations/{id}/notes",
      "/api/v1/messaging/conversations/{id}/notes/{noteId}",
      "/api/v1/messaging/contacts/{id}",
      "/api/v1/messaging/labels",
      "/api/v1/messaging/labels/{id}",
      "/api/v1/messaging/conversations/{id}/labels",
      "/api/v1/messaging/conversations/{id}/labels/{labelId}",
      "/api/v1/messaging/saved-replies",
      "/api/v1/messaging/saved-replies/{id}",
      "/api/v1/messaging/media",
      "/api/v1/messaging/conversations/{id}/templates",
      "/api/v1/messaging/contacts/{id}/export",
      "/api/v1/messaging/contacts/{id}/erase",
    ]);
    expect(document.components.securitySchemes.bearer).toEqual({ type: "http", scheme: "bearer" });
    expect(document.paths["/api/v1/messaging/conversations/{id}/send"].post.responses).toHaveProperty("202");
    expect(document.components.schemas.Error.required).toEqual(["error"]);
    // The send body is exactly one of its kinds, and a new conversation is a POST of the list.
    expect(document.components.schemas.SendReplyRequest).toHaveProperty("oneOf");
    expect(document.paths["/api/v1/messaging/conversations"].post.responses).toHaveProperty("202");
    // Files are uploaded as multipart and sent by id (decision 021).
    expect(Object.keys(document.paths["/api/v1/messaging/media"].post.responses)).toEqual(
      expect.arrayContaining(["201", "413", "415"]),
    );
    // Every $ref points at a schema the document defines.
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
    for (const ref of refs) expect(document.components.schemas).toHaveProperty(ref as string);
  });
});
