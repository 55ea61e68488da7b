#!/usr/bin/env node
// Writes the installable app's icons (the manifest's and iOS's) to web/public/icons:
//   node web/cli/make-pwa-icons.ts
// Run it after changing the drawing or the list (app/pwa); the icons are committed, and a unit
// spec (app/pwa/app-icons.unit.spec.ts) fails while the committed files differ from the drawing.
import { mkdirSync, writeFileSync } from "node:fs";
import { appIconPng } from "#app/pwa/app-icon-png.server.ts";
import { APP_ICONS, APPLE_TOUCH_ICON } from "#app/pwa/web-app-manifest.ts";

const publicDir = new URL("../public/", import.meta.url);
mkdirSync(new URL("icons/", publicDir), { recursive: true });
for (const icon of [...APP_ICONS, APPLE_TOUCH_ICON]) {
  const file = new URL(`.${icon.src}`, publicDir);
  writeFileSync(file, appIconPng(icon));
  console.log(`wrote ${file.pathname}`);
}
