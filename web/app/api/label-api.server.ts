import type { z } from "zod";
import {
  createLabel,
  deleteLabel,
  type LabelOutcome,
  labelConversation,
  labelsOf,
  updateLabel,
} from "#app/labels/labels.server.ts";
import { checkOrigin } from "#app/security/csrf.server.ts";
import type { WebContext } from "#app/web-context.server.ts";
import { apiError, apiJson } from "./api-response.server.ts";
import { jsonBodyOf } from "./json-body.server.ts";
import {
  type conversationLabelAcceptedSchema,
  conversationLabelRequestSchema,
  createLabelRequestSchema,
  type labelAcceptedSchema,
  updateLabelRequestSchema,
} from "./label-api-schemas.ts";
import { withAuth } from "./messaging-api.server.ts";

// The labels of the JSON API (issue 15): list, create, rename/recolour, delete, and put one on a
// conversation or take it off. Each write is an event (labels.server.ts); the answers are 202.

const invalid = (error: z.ZodError) => apiError(400, "REQUEST.INVALID", error.issues.map((i) => i.message).join("; "));

/** The refusal of an outcome that is not accepted. */
function refused(outcome: Exclude<LabelOutcome, { kind: "accepted" }>): Response {
  switch (outcome.kind) {
    case "not_found":
      return outcome.what === "label"
        ? apiError(404, "LABEL.NOT_FOUND", "No such label in your account")
        : apiError(404, "CONVERSATION.NOT_FOUND", "No such conversation");
    case "name_taken":
      return apiError(409, "LABEL.NAME_TAKEN", "You already have a label of that name");
    case "too_many":
      return apiError(409, "LABEL.LIMIT", "You have as many labels as an account may have; delete one first");
  }
}

function labelAccepted(outcome: LabelOutcome, status = 202): Response {
  if (outcome.kind !== "accepted") return refused(outcome);
  return apiJson(
    {
      labelId: outcome.labelId,
      status: "accepted",
      eventIds: outcome.eventIds,
    } satisfies z.input<typeof labelAcceptedSchema>,
    status,
    { location: "/api/v1/messaging/labels" },
  );
}

/** `GET /api/v1/messaging/labels` → 200 `{labels}`, by name. */
export function listLabels(web: WebContext, request: Request, clientIp = "unknown"): Promise<Response> {
  return withAuth(web, request, "read", clientIp, async (web, { account }) => {
    const labels = await labelsOf(web, account.orgId);
    // `createdAt` goes out as its ISO string (labelListSchema).
    return apiJson({ labels: labels.map(({ id, name, colour, createdAt }) => ({ id, name, colour, createdAt })) });
  });
}

/** `POST /api/v1/messaging/labels` `{name, colour}` → 202 `{labelId, status, eventIds}`; a name taken is 409. */
export function createLabelResponse(web: WebContext, request: Request, clientIp = "unknown"): Promise<Response> {
  return withAuth(web, request, "send", clientIp, async (web, { account, via }) => {
    const read = await jsonBodyOf(request, via);
    if (!read.ok) return read.response;
    const parsed = createLabelRequestSchema.safeParse(read.body);
    if (!parsed.success) return invalid(parsed.error);
    return labelAccepted(await createLabel(web, account, parsed.data));
  });
}

/** `PATCH /api/v1/messaging/labels/{id}` `{name?, colour?}` → 202; another org's label is 404. */
export function updateLabelResponse(
  web: WebContext,
  request: Request,
  labelId: string,
  clientIp = "unknown",
): Promise<Response> {
  return withAuth(web, request, "send", clientIp, async (web, { account, via }) => {
    const read = await jsonBodyOf(request, via);
    if (!read.ok) return read.response;
    const parsed = updateLabelRequestSchema.safeParse(read.body);
    if (!parsed.success) return invalid(parsed.error);
    return labelAccepted(await updateLabel(web, account, labelId, parsed.data));
  });
}

/** `DELETE /api/v1/messaging/labels/{id}` → 202; the label comes off every conversation. */
export function deleteLabelResponse(
  web: WebContext,
  request: Request,
  labelId: string,
  clientIp = "unknown",
): Promise<Response> {
  return withAuth(web, request, "send", clientIp, async (web, { account, via }) => {
    const crossSite = sessionCrossSite(request, via);
    if (crossSite) return crossSite;
    return labelAccepted(await deleteLabel(web, account, labelId));
  });
}

/**
 * `POST /api/v1/messaging/conversations/{id}/labels` `{labelId}` (put on) and
 * `DELETE …/conversations/{id}/labels/{labelId}` (take off) → 202.
 */
export function conversationLabelResponse(
  web: WebContext,
  request: Request,
  conversationId: string,
  action: "label" | "unlabel",
  labelIdOfPath?: string,
  clientIp = "unknown",
): Promise<Response> {
  return withAuth(
    web,
    request,
    "send",
    clientIp,
    async (web, { account, via }) => {
      let labelId: string;
      if (action === "label") {
        const read = await jsonBodyOf(request, via);
        if (!read.ok) return read.response;
        const parsed = conversationLabelRequestSchema.safeParse(read.body);
        if (!parsed.success) return invalid(parsed.error);
        labelId = parsed.data.labelId;
      } else {
        const crossSite = sessionCrossSite(request, via);
        if (crossSite) return crossSite;
        labelId = labelIdOfPath ?? "";
      }
      const outcome = await labelConversation(web, account, conversationId, labelId, action === "label");
      if (outcome.kind !== "accepted") return refused(outcome);
      return apiJson(
        {
          conversationId,
          labelId,
          action,
          status: "accepted",
          eventId: outcome.eventIds[0] as string,
        } satisfies z.input<typeof conversationLabelAcceptedSchema>,
        202,
        { location: `/api/v1/messaging/conversations/${conversationId}` },
      );
    },
    conversationId,
  );
}

/** A signed-in session's write without a body must still come from this site. */
function sessionCrossSite(request: Request, via: "session" | "token"): Response | undefined {
  if (via !== "session") return undefined;
  const origin = checkOrigin(request);
  return origin.ok ? undefined : apiError(403, "AUTH.CROSS_SITE", origin.reason);
}
