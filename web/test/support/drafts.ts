// What the browser keeps of the replies half-written (app/conversation/drafts), as a spec reads it.
import type { Page } from "playwright-core";
import { DRAFT_KEY_PREFIX } from "#app/conversation/drafts/draft-store.ts";

/** The localStorage keys of the drafts kept on the page's device. */
export function storedDraftKeys(page: Page): Promise<string[]> {
  return page.evaluate((prefix) => Object.keys(localStorage).filter((key) => key.startsWith(prefix)), DRAFT_KEY_PREFIX);
}
