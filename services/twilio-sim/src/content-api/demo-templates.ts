import { createHash } from "node:crypto";
import type { ContentTemplate } from "./content-template.js";

/** When the demo templates were made and reviewed (fixed, so lists look the same in every run). */
const DEMO_DATE = new Date("2026-01-05T09:00:00Z");
/** A pending review that never ends on its own (Date's largest value). */
const NEVER = new Date(8.64e15);

interface DemoTemplate {
  key: string;
  friendlyName: string;
  category: string;
  body: string;
  variables: Record<string, string>;
  outcome: "approved" | "rejected" | "pending";
  rejectionReason?: string;
}

/** Three approved, one pending, one rejected: what a freelancer's Twilio account might hold. */
export const DEMO_TEMPLATES: readonly DemoTemplate[] = [
  {
    key: "appointment_reminder",
    friendlyName: "appointment_reminder",
    category: "UTILITY",
    body: "Hi {{1}}, a reminder of your appointment on {{2}} at {{3}}. Reply here to confirm or to move it.",
    variables: { "1": "Ada", "2": "Tuesday 12 May", "3": "10:00" },
    outcome: "approved",
  },
  {
    key: "quote_ready",
    friendlyName: "quote_ready",
    category: "UTILITY",
    body: "Hello {{1}}, your quote for {{2}} is ready: {{3}}. Any questions, just reply to this message.",
    variables: { "1": "Ada", "2": "the boiler repair", "3": "£240" },
    outcome: "approved",
  },
  {
    key: "follow_up",
    friendlyName: "follow_up",
    category: "MARKETING",
    body: "Hi {{1}}, it has been a while since we last spoke. Is there anything I can help you with?",
    variables: { "1": "Ada" },
    outcome: "approved",
  },
  {
    key: "seasonal_offer",
    friendlyName: "seasonal_offer",
    category: "MARKETING",
    body: "Hi {{1}}, this month every {{2}} booked gets {{3}} off. Reply to book yours.",
    variables: { "1": "Ada", "2": "service", "3": "10%" },
    outcome: "pending",
  },
  {
    key: "payment_overdue",
    friendlyName: "payment_overdue",
    category: "UTILITY",
    body: "{{1}}",
    variables: { "1": "Your invoice is overdue" },
    outcome: "rejected",
    rejectionReason:
      "INVALID_FORMAT. The template's text is only a variable: WhatsApp needs fixed text around the parameters.",
  },
];

/** A demo template's SID for an account: the same in every run, different for each account. */
export function demoTemplateSid(accountSid: string, key: string): string {
  return `HX${createHash("sha256").update(`${accountSid}/${key}`).digest("hex").slice(0, 32)}`;
}

export function demoTemplatesFor(accountSid: string): ContentTemplate[] {
  return DEMO_TEMPLATES.map((demo) => ({
    sid: demoTemplateSid(accountSid, demo.key),
    accountSid,
    friendlyName: demo.friendlyName,
    language: "en",
    variables: { ...demo.variables },
    types: { "twilio/text": { body: demo.body } },
    dateCreated: DEMO_DATE,
    dateUpdated: DEMO_DATE,
    approval: {
      name: demo.key,
      category: demo.category,
      submittedAt: DEMO_DATE,
      pendingAt: DEMO_DATE,
      decidedAt: demo.outcome === "pending" ? NEVER : DEMO_DATE,
      outcome: demo.outcome === "rejected" ? "rejected" : "approved",
      rejectionReason: demo.rejectionReason ?? "",
    },
  }));
}
