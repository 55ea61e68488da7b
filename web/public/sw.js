// Cloud PA's service worker (issue 15), served from /sw.js with scope "/". This part is the
// offline shell; other features (push notifications) add their own listeners below it.
//
// What it keeps, and why nothing in it can leak between users:
// - the offline page, its stylesheet, its script and an icon (precached at install): static files, the same for everyone;
// - the build's /assets/ files, as they are fetched (content-hashed, public, immutable): the same for everyone.
// Pages, loader data, the JSON API, /live, /media and everything else go to the network every time
// and are never stored here: they are drawn for one session (no-store) and may hold customers'
// messages. A navigation that cannot reach the server is answered with the offline page.

// A new name when a file of the shell changes (v2: the offline page's dark theme): the worker's
// bytes change with it, so browsers install it again and fetch the shell afresh.
const SHELL_CACHE = "cloudpa-shell-v2";
const ASSETS_CACHE = "cloudpa-assets-v1";
const OFFLINE_PAGE = "/offline.html";
const SHELL = [OFFLINE_PAGE, "/offline.css", "/offline.js", "/icons/icon-192.png"];
/** Old builds' assets are dropped beyond this many, oldest first. */
const MAX_ASSETS = 150;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const current = new Set([SHELL_CACHE, ASSETS_CACHE]);
      for (const name of await caches.keys()) {
        if (name.startsWith("cloudpa-") && !current.has(name)) await caches.delete(name);
      }
      // Pages already open are served from now on, not only those opened after the install.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(request));
    return;
  }
  if (SHELL.includes(url.pathname)) {
    event.respondWith(shellFile(request, url.pathname));
    return;
  }
  if (url.pathname.startsWith("/assets/")) event.respondWith(asset(request));
  // Anything else is not answered here: the browser fetches it as if there were no service worker.
});

/** A page: always from the server; the offline page only when the server cannot be reached. */
async function navigate(request) {
  try {
    return await fetch(request);
  } catch {
    return (await caches.match(OFFLINE_PAGE, { cacheName: SHELL_CACHE })) ?? Response.error();
  }
}

async function shellFile(request, path) {
  return (await caches.match(path, { cacheName: SHELL_CACHE })) ?? fetch(request);
}

/** A build asset: its name changes with its content, so a stored copy is always right. */
async function asset(request) {
  const cache = await caches.open(ASSETS_CACHE);
  const stored = await cache.match(request);
  if (stored) return stored;
  const response = await fetch(request);
  const storable =
    response.ok && response.type === "basic" && !/no-store|private/.test(response.headers.get("cache-control") ?? "");
  if (storable) {
    await cache.put(request, response.clone());
    const keys = await cache.keys();
    for (const key of keys.slice(0, Math.max(0, keys.length - MAX_ASSETS))) await cache.delete(key);
  }
  return response;
}

// --- Push notifications (issue 15, docs/decisions/025) ---
// The web pushes each new customer message (encrypted for this browser's subscription, RFC 8291):
// { title, body, url, tag }. The tag is the message's id, so a repeated push, or an open tab's own
// notification of the same message, replaces the one shown instead of adding a second.

self.addEventListener("push", (event) => {
  let message;
  try {
    message = event.data ? event.data.json() : undefined;
  } catch {
    message = undefined;
  }
  const title = typeof message?.title === "string" ? message.title : "Cloud PA";
  // Only a path of this site: the push names a conversation, never another address.
  const url = typeof message?.url === "string" && /^\/(?!\/)/.test(message.url) ? message.url : "/inbox";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof message?.body === "string" ? message.body : "New message",
      tag: typeof message?.tag === "string" ? message.tag : undefined,
      icon: "/icons/icon-192.png",
      data: { url },
    }),
  );
});

// A tap opens the conversation: in a tab of the inbox already open (focused, sent there), else a new one.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.url ?? "/inbox", self.location.origin);
  const url = target.origin === self.location.origin ? target.href : new URL("/inbox", self.location.origin).href;
  event.waitUntil(
    (async () => {
      const open = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const tab = open.find((client) => new URL(client.url).origin === self.location.origin);
      if (tab) {
        const focused = await tab.focus();
        await (focused ?? tab).navigate(url).catch(() => self.clients.openWindow(url));
        return;
      }
      await self.clients.openWindow(url);
    })(),
  );
});
