import type { Page } from "playwright-core";

// A mark on the page's window: a reload or a full navigation makes a new window without it, so a
// spec can tell that what it saw change was changed in place (a revalidation), not loaded again.

type Marked = { cloudpaMarked?: boolean };

export async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as Marked).cloudpaMarked = true;
  });
}

/** Whether the page is still the document markPage marked. */
export function stillMarked(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as Marked).cloudpaMarked === true);
}

/** Resolves once the page holds a new document: markPage's mark is gone (a reload, a navigation). */
export async function untilNewDocument(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as Marked).cloudpaMarked !== true);
}
