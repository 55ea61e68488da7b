import type { BrowserContext, Page } from "playwright-core";

/** One Content-Security-Policy violation a page reported. */
export interface CspViolation {
  url: string;
  /** `securitypolicyviolation` (the DOM event) or `console` (Chromium's "Refused to …" message). */
  via: "securitypolicyviolation" | "console";
  detail: string;
}

const BINDING = "__cloudpaCspViolation";

/**
 * Collects every CSP violation in the browser contexts it watches, two ways: the page's
 * `securitypolicyviolation` events (reported through a binding, installed before any page script
 * runs) and Chromium's console messages that name the policy ("… violates the following Content Security Policy directive …"). A browser test calls `assertNone()`
 * after each test, so any violation fails it.
 */
export class CspGuard {
  readonly violations: CspViolation[] = [];
  private readonly watched = new WeakSet<BrowserContext>();

  /** Watches every page of `context`, present and future. */
  async watch(context: BrowserContext): Promise<void> {
    if (this.watched.has(context)) return;
    this.watched.add(context);
    await context.exposeBinding(BINDING, ({ page }, detail: string) => {
      this.violations.push({ url: page?.url() ?? "", via: "securitypolicyviolation", detail });
    });
    await context.addInitScript((binding) => {
      document.addEventListener("securitypolicyviolation", (event) => {
        const report = (window as unknown as Record<string, (detail: string) => void>)[binding];
        report?.(
          `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} (${event.sourceFile || "?"}:${event.lineNumber})`,
        );
      });
    }, BINDING);
    for (const page of context.pages()) this.watchConsole(page);
    context.on("page", (page) => this.watchConsole(page));
  }

  private watchConsole(page: Page): void {
    page.on("console", (message) => {
      const text = message.text();
      if (/Content Security Policy/i.test(text))
        this.violations.push({ url: page.url(), via: "console", detail: text });
    });
  }

  /** Hands back what was collected and starts again. */
  take(): CspViolation[] {
    return this.violations.splice(0);
  }

  /** Throws, listing them, when any violation was collected since the last call. */
  assertNone(): void {
    const found = this.take();
    if (found.length > 0)
      throw new Error(
        `${found.length} Content-Security-Policy violation(s):\n${found.map((v) => `- [${v.via}] ${v.url}: ${v.detail}`).join("\n")}`,
      );
  }
}
