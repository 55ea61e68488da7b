// What the phone specs measure: when a page's scripts run, whether a page fits the screen, and
// which tap targets are too small.
import type { Page } from "playwright-core";

/** A phone's screen in CSS px (an iPhone 12 to 15's), the size the phone specs run at. */
export const PHONE = { width: 390, height: 844 };

/** The smallest tap target the phone layout allows, in CSS px (WCAG 2.5.5). */
export const MIN_TAP_TARGET = 44;

/**
 * Resolves once the page has hydrated: the root's effect, which runs after every other
 * component's, has set `--viewport-height` (app/pwa/visual-viewport.ts). Before that a tap on a
 * button with a click handler (Attach, Snooze) does nothing.
 */
export async function untilHydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.style.getPropertyValue("--viewport-height") !== "");
}

/**
 * Whether the page is no wider than the phone's screen. Measured against the screen, not the
 * window: a page wider than the screen makes a phone zoom out, and the zoomed window is then as
 * wide as the page.
 */
export function fitsThePhoneWidth(page: Page): Promise<boolean> {
  return page.evaluate(
    (width) => document.documentElement.scrollWidth <= width && window.innerWidth === width,
    PHONE.width,
  );
}

/** How far the document itself scrolls past the window (0 when only the app's panes scroll). */
export function documentOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const { scrollHeight, clientHeight } = document.scrollingElement ?? document.documentElement;
    return Math.max(0, scrollHeight - clientHeight);
  });
}

export interface TapTarget {
  what: string;
  width: number;
  height: number;
}

/**
 * Every link, button and form control shown on the page that is smaller than 44 × 44 CSS px
 * (shown: rendered and not hidden, wherever it is scrolled to). An empty list passes.
 * A control inside its `<label>` is measured by the label, which a tap anywhere on toggles it;
 * a link inside a line of text is left out (WCAG 2.5.8's inline exception).
 */
export function smallTapTargets(page: Page): Promise<TapTarget[]> {
  return page.evaluate((min) => {
    // A link shown inline with words of its own block beside it.
    const inSentence = (link: Element) =>
      getComputedStyle(link).display === "inline" &&
      [...(link.parentElement?.childNodes ?? [])].some(
        (node) => node.nodeType === Node.TEXT_NODE && (node.textContent ?? "").trim() !== "",
      );
    const targets = document.querySelectorAll<HTMLElement>(
      "a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]",
    );
    return [...targets]
      .filter((element) => element.checkVisibility({ visibilityProperty: true }))
      .filter((element) => !(element.tagName === "A" && inSentence(element)))
      .map((element) => {
        const box = (element.closest("label") ?? element).getBoundingClientRect();
        const name = element.getAttribute("aria-label") ?? element.textContent?.trim() ?? "";
        return {
          what: `${element.tagName.toLowerCase()}${element.className ? `.${element.className.split(" ").join(".")}` : ""} "${name.slice(0, 40)}"`,
          width: Math.round(box.width * 100) / 100,
          height: Math.round(box.height * 100) / 100,
        };
      })
      .filter((target) => target.width < min || target.height < min);
  }, MIN_TAP_TARGET);
}
