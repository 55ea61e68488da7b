// The browser specs' accessibility check (issue 15): axe-core run in the page as it is shown.
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";

/** The rules checked: WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

/** An impact that fails a spec; moderate and minor ones are reported, not failed. */
const FAILING = new Set(["serious", "critical"]);

/** One violation axe found, in a line a reader can act on. */
export interface AxeFinding {
  page: string;
  impact: string;
  id: string;
  help: string;
  targets: string[];
}

/** Every moderate or minor finding of this process's checks, for the spec to report at its end. */
export const lesserFindings: AxeFinding[] = [];

function describe(finding: AxeFinding): string {
  return `- [${finding.impact}] ${finding.id}: ${finding.help}\n    ${finding.targets.join("\n    ")}`;
}

/**
 * Runs axe-core on the page as it is now and throws, listing each one (rule, what it asks,
 * the elements), when a violation of WCAG 2.x A/AA is serious or critical. `label` names the
 * page in the message. Moderate and minor ones are kept in `lesserFindings`.
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_AA_TAGS).analyze();
  const findings = results.violations.map((violation) => ({
    page: label,
    impact: violation.impact ?? "unknown",
    id: violation.id,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(" ")),
  }));
  const failing = findings.filter((finding) => FAILING.has(finding.impact));
  lesserFindings.push(...findings.filter((finding) => !FAILING.has(finding.impact)));
  if (failing.length > 0)
    throw new Error(
      `${label}: ${failing.length} serious or critical accessibility violation(s):\n${failing.map(describe).join("\n")}`,
    );
}

/** The lesser findings as lines, one per rule and page. */
export function lesserFindingsReport(): string {
  return lesserFindings.map((finding) => `${finding.page}: ${describe(finding)}`).join("\n");
}
