import { newTwilioSid } from "../twilio-sid.js";
import type { ContentTemplate } from "./content-template.js";
import { demoTemplatesFor } from "./demo-templates.js";

/** An approval request whose name starts with this is rejected when its review ends (for tests and demos). */
export const REJECTED_NAME_PREFIX = "reject";
export const SIMULATED_REJECTION_REASON =
  "INVALID_FORMAT. Simulated rejection: the approval request's name starts with 'reject'.";

/**
 * The Content API's templates of every account: the demo ones, then those created through the API.
 * `saved` are the templates of an earlier run (the state file); an account gets the demo templates
 * when it has none there, as a new Twilio account would. `changed` hears of every change.
 */
export class ContentStore {
  private readonly templates: ContentTemplate[] = [];

  constructor(
    private readonly accountSids: readonly string[],
    saved?: readonly ContentTemplate[],
    private readonly changed: () => void = () => {},
  ) {
    if (!saved) {
      this.seedDemoTemplates(accountSids);
      return;
    }
    this.templates.push(...saved);
    this.seedDemoTemplates(accountSids.filter((accountSid) => !saved.some((kept) => kept.accountSid === accountSid)));
  }

  private seedDemoTemplates(accountSids: readonly string[]): void {
    for (const accountSid of accountSids) this.templates.push(...demoTemplatesFor(accountSid));
  }

  reset(): void {
    this.templates.length = 0;
    this.seedDemoTemplates(this.accountSids);
    this.changed();
  }

  /** Every account's templates, for the state file. */
  all(): readonly ContentTemplate[] {
    return this.templates;
  }

  list(accountSid: string): ContentTemplate[] {
    return this.templates.filter((template) => template.accountSid === accountSid);
  }

  find(accountSid: string, sid: string): ContentTemplate | undefined {
    return this.templates.find((template) => template.sid === sid && template.accountSid === accountSid);
  }

  /** Any account's template: for the simulator's own endpoints, which have no account. */
  findAny(sid: string): ContentTemplate | undefined {
    return this.templates.find((template) => template.sid === sid);
  }

  create(
    accountSid: string,
    fields: Pick<ContentTemplate, "friendlyName" | "language" | "variables" | "types">,
    now: Date,
  ): ContentTemplate {
    const template: ContentTemplate = {
      sid: newTwilioSid("HX"),
      accountSid,
      ...fields,
      dateCreated: now,
      dateUpdated: now,
      approval: undefined,
    };
    this.templates.push(template);
    this.changed();
    return template;
  }

  delete(accountSid: string, sid: string): boolean {
    const at = this.templates.findIndex((template) => template.sid === sid && template.accountSid === accountSid);
    if (at < 0) return false;
    this.templates.splice(at, 1);
    this.changed();
    return true;
  }

  /** Submits a template for WhatsApp's review, which ends `delayMs` later, rejected when its name says so. */
  submit(template: ContentTemplate, request: { name: string; category: string }, now: Date, delayMs: number): void {
    const rejected = request.name.startsWith(REJECTED_NAME_PREFIX);
    template.approval = {
      name: request.name,
      category: request.category,
      submittedAt: now,
      // WhatsApp's review: received at once, pending half-way through, decided at the end.
      pendingAt: new Date(now.getTime() + delayMs / 2),
      decidedAt: new Date(now.getTime() + delayMs),
      outcome: rejected ? "rejected" : "approved",
      rejectionReason: rejected ? SIMULATED_REJECTION_REASON : "",
    };
    template.dateUpdated = now;
    this.changed();
  }

  /** Ends a template's review now with the given outcome (the simulator's own endpoint). */
  decide(template: ContentTemplate, outcome: "approved" | "rejected", rejectionReason: string, now: Date): void {
    const approval = template.approval ?? {
      name: template.friendlyName,
      category: "UTILITY",
      submittedAt: now,
      pendingAt: now,
      decidedAt: now,
      outcome,
      rejectionReason: "",
    };
    template.approval = {
      ...approval,
      decidedAt: now,
      outcome,
      rejectionReason: outcome === "rejected" ? rejectionReason : "",
    };
    template.dateUpdated = now;
    this.changed();
  }
}
