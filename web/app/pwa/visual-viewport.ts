/**
 * Keeps `--viewport-height` on the root element at the height the user actually sees: on a
 * phone, the screen above the on-screen keyboard. Chromium shrinks the layout (and so `100dvh`)
 * for the keyboard because the viewport meta asks it to (`interactive-widget=resizes-content`);
 * Safari does not, and only its visual viewport shrinks. The phone layout (styles.css) sizes the
 * app with this height, so the composer stays above the keyboard on both. Set through the CSSOM,
 * which the CSP's `style-src 'self'` allows (only style attributes in markup are refused).
 * Returns what stops following it.
 */
export function followVisualViewport(): () => void {
  const viewport = window.visualViewport;
  if (!viewport) return () => {};
  const root = document.documentElement;
  const update = () => {
    // A pinch zoom shrinks the visual viewport too; the layout keeps its height then.
    if (Math.abs(viewport.scale - 1) > 0.01) return;
    root.style.setProperty("--viewport-height", `${Math.round(viewport.height)}px`);
  };
  update();
  viewport.addEventListener("resize", update);
  return () => {
    viewport.removeEventListener("resize", update);
    root.style.removeProperty("--viewport-height");
  };
}
