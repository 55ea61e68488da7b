// The installable app's identity (issue 15): what the web app manifest says, and the colours the
// root document and the icons share with it. Pure data, safe for the browser bundle.

/** The brand's teal: the browser's toolbar, the splash screen and the icons' background. */
export const THEME_COLOR = "#0f766e";
/** The browser's toolbar on a device set to dark: the dark theme's top bar (styles.css `--surface`). */
export const DARK_THEME_COLOR = "#111b21";
/** The page background (styles.css `--bg`), the splash screen's behind the icon. */
export const BACKGROUND_COLOR = "#f6f7f9";

/** Where the manifest is served (a resource route) and linked from the root document. */
export const MANIFEST_PATH = "/manifest.webmanifest";

/** One icon the manifest lists; each is a PNG in web/public/icons, written by web/cli/make-pwa-icons.ts. */
export interface AppIcon {
  src: string;
  size: number;
  /** "maskable": drawn full-bleed with the mark inside the safe zone, for launchers that crop to a shape. */
  purpose: "any" | "maskable";
}

export const APP_ICONS: readonly AppIcon[] = [
  { src: "/icons/icon-192.png", size: 192, purpose: "any" },
  { src: "/icons/icon-512.png", size: 512, purpose: "any" },
  { src: "/icons/icon-maskable-192.png", size: 192, purpose: "maskable" },
  { src: "/icons/icon-maskable-512.png", size: 512, purpose: "maskable" },
];

/**
 * iOS ignores the manifest's icons and takes this one from the document's head. Full-bleed, as a
 * maskable one: iOS rounds the corners itself and shows transparent ones black.
 */
export const APPLE_TOUCH_ICON: AppIcon = { src: "/icons/apple-touch-icon.png", size: 180, purpose: "maskable" };

/** The manifest as served: opened on the inbox, standalone (no browser chrome), scoped to the whole site. */
export function webAppManifest() {
  return {
    id: "/inbox",
    name: "Cloud PA — WhatsApp inbox",
    short_name: "Cloud PA",
    description: "Your customers' WhatsApp messages, answered from one inbox.",
    start_url: "/inbox",
    scope: "/",
    display: "standalone",
    orientation: "any",
    theme_color: THEME_COLOR,
    background_color: BACKGROUND_COLOR,
    icons: APP_ICONS.map((icon) => ({
      src: icon.src,
      sizes: `${icon.size}x${icon.size}`,
      type: "image/png",
      purpose: icon.purpose,
    })),
  };
}
