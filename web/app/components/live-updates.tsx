import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";

/**
 * Listens to `/live` (server-sent events fed by the projector's notices) and revalidates the
 * open views when something changed, at most a few times a second.
 */
export function useLiveUpdates() {
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const source = new EventSource("/live");
    const onChange = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        revalidate.current();
      }, 150);
    };
    source.addEventListener("change", onChange);
    // After a reconnect, catch up on whatever was missed meanwhile.
    let opened = false;
    source.addEventListener("open", () => {
      if (opened) onChange();
      opened = true;
    });
    return () => {
      if (timer) clearTimeout(timer);
      source.close();
    };
  }, []);
}
