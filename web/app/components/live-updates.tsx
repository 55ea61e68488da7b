import { useActionData, useMatches, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

/** Pause that gathers a burst of changes into one revalidation. */
const GATHER_MS = 150;

/** The projection position of what is on screen: the lowest among the open views' loader data. */
function usePagePosition(): number {
  const matches = useMatches();
  let lowest: number | undefined;
  for (const match of matches) {
    const position = (match.data as { position?: unknown } | null | undefined)?.position;
    if (typeof position === "number" && (lowest === undefined || position < lowest)) lowest = position;
  }
  return lowest ?? 0;
}

function positionOf(data: string): number | undefined {
  try {
    const position = (JSON.parse(data) as { position?: unknown }).position;
    return typeof position === "number" ? position : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keeps the open views exact (docs/decisions/007): `/live` reports the projection position on
 * connect, after the server's NATS reconnects (`position`) and with each change of this org
 * (`change`); the views revalidate when it is ahead of the position their data reflects, and
 * only then. A route whose view uses it returns `position` from its loader
 * (`readAtProjectionPosition`). When the session ends the stream says `signed-out` and the page
 * revalidates (to the log-in page).
 */
export function useLiveUpdates() {
  const revalidator = useRevalidator();
  const pagePosition = usePagePosition();
  const live = useRef({
    /** The highest position the stream reported. */
    reported: 0,
    /** The position the last revalidation was asked for: no second request for the same one. */
    requested: 0,
    page: pagePosition,
    timer: undefined as ReturnType<typeof setTimeout> | undefined,
    revalidate: revalidator.revalidate,
    catchUp() {
      if (this.timer || this.reported <= this.page || this.reported <= this.requested) return;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (this.reported <= this.page || this.reported <= this.requested) return;
        this.requested = this.reported;
        this.revalidate();
      }, GATHER_MS);
    },
  }).current;
  live.page = pagePosition;
  live.revalidate = revalidator.revalidate;

  // New data may still be behind what was reported meanwhile.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the page position is what changed
  useEffect(() => live.catchUp(), [pagePosition]);

  useEffect(() => {
    const source = new EventSource("/live");
    const onChange = (event: MessageEvent<string>) => {
      const position = positionOf(event.data);
      if (position === undefined) return;
      live.reported = Math.max(live.reported, position);
      live.catchUp();
    };
    // A position after a (re)connect is compared afresh: an earlier revalidation may have failed.
    const onPosition = (event: MessageEvent<string>) => {
      live.requested = Math.min(live.requested, live.page);
      onChange(event);
    };
    source.addEventListener("change", onChange);
    source.addEventListener("position", onPosition);
    source.addEventListener("signed-out", () => {
      source.close();
      live.revalidate();
    });
    return () => {
      if (live.timer) clearTimeout(live.timer);
      live.timer = undefined;
      source.close();
    };
  }, [live]);
}

/**
 * The last submission's answer on a page with live updates, kept until the next submission. Remix
 * drops its action data when a page revalidates, and a live update revalidates the page, often at
 * once (the projection of what the action did): a notice or a form's errors would vanish a moment
 * after they appear, and a form keyed by the answer would be remounted empty.
 */
export function useLastActionData<T>() {
  const current = useActionData<T>();
  const [last, setLast] = useState(current);
  if (current !== undefined && current !== last) setLast(current);
  return current ?? last;
}
