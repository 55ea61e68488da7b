/** WhatsApp's approval states of a template, as the Content API reports them. */
export type ApprovalStatus = "unsubmitted" | "received" | "pending" | "approved" | "rejected";

/** A WhatsApp approval request and how the simulated review ends. */
export interface WhatsAppApproval {
  name: string;
  category: string;
  /** When it was submitted; the status is `received` until `pendingAt`, then `pending` until `decidedAt`. */
  submittedAt: Date;
  pendingAt: Date;
  decidedAt: Date;
  outcome: "approved" | "rejected";
  rejectionReason: string;
}

/** One Content API resource as the simulator holds it. */
export interface ContentTemplate {
  sid: string;
  accountSid: string;
  friendlyName: string;
  language: string;
  /** Default placeholder values, `{"1": "Customer name"}`. */
  variables: Record<string, string>;
  /** Content types, `{"twilio/text": {"body": "Hi {{1}}"}}`, as created. */
  types: Record<string, unknown>;
  dateCreated: Date;
  dateUpdated: Date;
  approval: WhatsAppApproval | undefined;
}

/** The approval status at `now`: `received`, then `pending`, then decided once `decidedAt` has passed. */
export function approvalStatusAt(template: ContentTemplate, now: Date): ApprovalStatus {
  const approval = template.approval;
  if (!approval) return "unsubmitted";
  if (now.getTime() >= approval.decidedAt.getTime()) return approval.outcome;
  return now.getTime() >= approval.pendingAt.getTime() ? "pending" : "received";
}

/** The content type WhatsApp reviews: the first of the template's types. */
export function contentTypeOf(template: ContentTemplate): string {
  return Object.keys(template.types)[0] ?? "twilio/text";
}
