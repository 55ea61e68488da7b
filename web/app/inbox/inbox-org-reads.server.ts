import { type InboxOrgReads, inboxOrgReads } from "@cloudpa/read-model";
import type { AppLoadContext } from "@remix-run/node";
import { type LabelForRead, labelsOfForRead } from "#app/labels/labels.server.ts";
import { ALERT_MESSAGES } from "#app/notifications/new-message-alerts.server.ts";
import { UNREAD_SHOWN_AT_MOST } from "#app/notifications/unread-badge.ts";

/**
 * What the inbox's loader reads of the org besides its page, in one statement (inboxOrgReads,
 * issue 16): the rows of the new-message alerts (newMessageAlertsOf), and the org's labels, which
 * the request's other loaders then share (labelsOfForRead). When another loader of the request
 * already asked for the labels, theirs are used and the statement's are left.
 */
export function inboxOrgReadsFor(
  context: AppLoadContext,
  request: Request,
  orgId: string,
): { alerts: Promise<InboxOrgReads>; labels: Promise<LabelForRead[]> } {
  const { web } = context;
  const alerts = inboxOrgReads(web.db, {
    orgId,
    atMost: UNREAD_SHOWN_AT_MOST + 1,
    latest: ALERT_MESSAGES,
    schema: web.readModelSchema,
  });
  return { alerts, labels: labelsOfForRead(context, request, orgId, () => alerts.then((reads) => reads.labels)) };
}
