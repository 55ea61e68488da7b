/** The service worker's script (web/public/sw.js): the offline shell, and whatever else listens in it. */
export const SERVICE_WORKER_PATH = "/sw.js";

/**
 * Registers the service worker for the whole site, once the page has hydrated. Its script is
 * always fetched fresh when the browser checks for an update (`updateViaCache: "none"`), so a
 * changed worker is picked up at the next visit, whatever the static files' cache lifetime.
 * A browser without service workers (or with them disabled) just has no offline page.
 */
export function registerServiceWorker(): void {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker
    .register(SERVICE_WORKER_PATH, { scope: "/", updateViaCache: "none" })
    .catch((error: unknown) => console.warn("The service worker was not registered:", error));
}
