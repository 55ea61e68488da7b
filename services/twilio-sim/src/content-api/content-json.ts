import { approvalStatusAt, type ContentTemplate, contentTypeOf } from "./content-template.js";

/** The Content API's host: resource URLs name it, as Twilio's do; clients point it at the simulator. */
export const CONTENT_HOST = "https://content.twilio.com";

/** The Content API writes ISO 8601 dates to the second: `2015-07-30T19:00:00Z`. */
export function isoSecond(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function contentUrl(sid: string): string {
  return `${CONTENT_HOST}/v1/Content/${sid}`;
}

/** A Content resource (`content.v1.content`). */
export function contentJson(template: ContentTemplate) {
  return {
    date_created: isoSecond(template.dateCreated),
    date_updated: isoSecond(template.dateUpdated),
    sid: template.sid,
    account_sid: template.accountSid,
    friendly_name: template.friendlyName,
    language: template.language,
    variables: template.variables,
    types: template.types,
    url: contentUrl(template.sid),
    links: {
      approval_create: `${contentUrl(template.sid)}/ApprovalRequests/whatsapp`,
      approval_fetch: `${contentUrl(template.sid)}/ApprovalRequests`,
    },
  };
}

/** WhatsApp's approval of a template, as both ApprovalRequests and ContentAndApprovals describe it. */
export function approvalJson(template: ContentTemplate, now: Date) {
  const approval = template.approval;
  const status = approvalStatusAt(template, now);
  return {
    name: approval?.name ?? "",
    category: approval?.category ?? "",
    content_type: contentTypeOf(template),
    status,
    rejection_reason: status === "rejected" ? (approval?.rejectionReason ?? "") : "",
    allow_category_change: true,
  };
}

/** `content.v1.content.approval_fetch`: the approvals of one template, by channel. */
export function approvalFetchJson(template: ContentTemplate, now: Date) {
  return {
    sid: template.sid,
    account_sid: template.accountSid,
    whatsapp: { type: "whatsapp", ...approvalJson(template, now) },
    url: `${contentUrl(template.sid)}/ApprovalRequests`,
  };
}

/** `content.v1.content_and_approvals`: a template with its WhatsApp approval. */
export function contentAndApprovalsJson(template: ContentTemplate, now: Date) {
  return {
    date_created: isoSecond(template.dateCreated),
    date_updated: isoSecond(template.dateUpdated),
    sid: template.sid,
    account_sid: template.accountSid,
    friendly_name: template.friendlyName,
    language: template.language,
    variables: template.variables,
    types: template.types,
    approval_requests: approvalJson(template, now),
  };
}

/** One page of a Content API list (`contents` and `meta`), paged by `PageSize` and `Page`. */
export function contentPage<T>(
  items: readonly T[],
  path: "/v1/Content" | "/v1/ContentAndApprovals",
  search: URLSearchParams,
): { contents: T[]; meta: Record<string, unknown> } | undefined {
  const pageSize = Number(search.get("PageSize") ?? "50");
  const page = Number(search.get("Page") ?? "0");
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) return undefined;
  if (!Number.isInteger(page) || page < 0) return undefined;
  const url = (at: number) => `${CONTENT_HOST}${path}?PageSize=${pageSize}&Page=${at}`;
  const start = page * pageSize;
  const contents = items.slice(start, start + pageSize);
  return {
    contents,
    meta: {
      page,
      page_size: pageSize,
      first_page_url: url(0),
      previous_page_url: page > 0 ? url(page - 1) : null,
      url: url(page),
      next_page_url: start + pageSize < items.length ? url(page + 1) : null,
      key: "contents",
    },
  };
}
