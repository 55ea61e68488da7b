import { webAppManifest } from "#app/pwa/web-app-manifest.ts";

// The web app manifest (issue 15): the same for everyone and for no one in particular, so it is
// served without a session and may be cached by anyone.
export function loader() {
  return new Response(JSON.stringify(webAppManifest()), {
    headers: { "content-type": "application/manifest+json", "cache-control": "public, max-age=3600" },
  });
}
