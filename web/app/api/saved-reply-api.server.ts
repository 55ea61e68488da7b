import type { z } from "zod";
import {
  createSavedReply,
  deleteSavedReply,
  editSavedReply,
  type SavedReplyOutcome,
  savedRepliesOf,
} from "#app/saved-replies/saved-replies.server.ts";
import type { WebContext } from "#app/web-context.server.ts";
import { apiError, apiJson } from "./api-response.server.ts";
import { jsonBodyOf, sessionCrossSite } from "./json-body.server.ts";
import { withAuth } from "./messaging-api.server.ts";
import { type savedReplyAcceptedSchema, savedReplyRequestSchema } from "./saved-reply-api-schemas.ts";

// The saved replies of the JSON API (issue 15): list, create, edit, delete. Each write is an event
// (saved-replies.server.ts); the answers are 202.

const invalid = (error: z.ZodError) => apiError(400, "REQUEST.INVALID", error.issues.map((i) => i.message).join("; "));

function accepted(outcome: SavedReplyOutcome): Response {
  switch (outcome.kind) {
    case "accepted":
      return apiJson(
        {
          savedReplyId: outcome.savedReplyId,
          status: "accepted",
          eventIds: outcome.eventIds,
        } satisfies z.input<typeof savedReplyAcceptedSchema>,
        202,
        { location: "/api/v1/messaging/saved-replies" },
      );
    case "not_found":
      return apiError(404, "SAVED_REPLY.NOT_FOUND", "No such saved reply in your account");
    case "taken":
      return apiError(409, "SAVED_REPLY.TAKEN", `You already have a saved reply of that ${outcome.field}`);
    case "too_many":
      return apiError(409, "SAVED_REPLY.LIMIT", "You have as many saved replies as an account may have");
  }
}

/** `GET /api/v1/messaging/saved-replies` → 200 `{savedReplies}`, by shortcut. */
export function listSavedReplies(web: WebContext, request: Request, clientIp = "unknown"): Promise<Response> {
  return withAuth(web, request, "read", clientIp, async (web, { account }) => {
    const replies = await savedRepliesOf(web, account.orgId);
    // Times go out as ISO strings (savedReplyListSchema).
    return apiJson({ savedReplies: replies });
  });
}

/** `POST /api/v1/messaging/saved-replies` `{name, shortcut, body}` → 202; a name or shortcut taken is 409. */
export function createSavedReplyResponse(web: WebContext, request: Request, clientIp = "unknown"): Promise<Response> {
  return withAuth(web, request, "send", clientIp, async (web, { account, via }) => {
    const read = await jsonBodyOf(request, via);
    if (!read.ok) return read.response;
    const parsed = savedReplyRequestSchema.safeParse(read.body);
    if (!parsed.success) return invalid(parsed.error);
    return accepted(await createSavedReply(web, account, parsed.data));
  });
}

/** `PUT /api/v1/messaging/saved-replies/{id}` `{name, shortcut, body}` → 202; another org's is 404. */
export function editSavedReplyResponse(
  web: WebContext,
  request: Request,
  savedReplyId: string,
  clientIp = "unknown",
): Promise<Response> {
  return withAuth(web, request, "send", clientIp, async (web, { account, via }) => {
    const read = await jsonBodyOf(request, via);
    if (!read.ok) return read.response;
    const parsed = savedReplyRequestSchema.safeParse(read.body);
    if (!parsed.success) return invalid(parsed.error);
    return accepted(await editSavedReply(web, account, savedReplyId, parsed.data));
  });
}

/** `DELETE /api/v1/messaging/saved-replies/{id}` → 202. */
export function deleteSavedReplyResponse(
  web: WebContext,
  request: Request,
  savedReplyId: string,
  clientIp = "unknown",
): Promise<Response> {
  return withAuth(web, request, "send", clientIp, async (web, { account, via }) => {
    const crossSite = sessionCrossSite(request, via);
    if (crossSite) return crossSite;
    return accepted(await deleteSavedReply(web, account, savedReplyId));
  });
}
