import { type RefObject, useEffect } from "react";

/**
 * An org that never saved its working hours sees its time zone field hold the browser's own zone
 * (issue 15) instead of the default 'UTC'. The server cannot know that zone, so the page is
 * rendered with the default and, once hydrated, this sets the field, once, unless the org has
 * saved settings (the saved zone always wins) or the field was already changed. Without
 * JavaScript the default stays, as before.
 */
export function useBrowserTimeZone(input: RefObject<HTMLInputElement | null>, saved: boolean): void {
  useEffect(() => {
    const field = input.current;
    if (saved || !field || field.value !== field.defaultValue) return;
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) field.value = zone;
  }, [input, saved]);
}
