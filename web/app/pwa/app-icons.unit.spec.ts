import { readFileSync } from "node:fs";
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { appIconPng, iconPixels } from "./app-icon-png.server.ts";
import { APP_ICONS, APPLE_TOUCH_ICON, THEME_COLOR, webAppManifest } from "./web-app-manifest.ts";

const publicDir = new URL("../../public/", import.meta.url);
const committed = (src: string) => readFileSync(new URL(`.${src}`, publicDir));

/** A PNG's width, height, colour type and its RGBA pixels (rows unfiltered, as encodePng writes them). */
function decode(png: Buffer) {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  let at = 8;
  const data: Buffer[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    if (png.toString("latin1", at + 4, at + 8) === "IDAT") data.push(png.subarray(at + 8, at + 8 + length));
    at += length + 12;
  }
  const rows = inflateSync(Buffer.concat(data));
  const pixel = (x: number, y: number) => [...rows.subarray(y * (width * 4 + 1) + 1 + x * 4).subarray(0, 4)];
  return { signature: png.subarray(0, 8).toString("hex"), width, height, colourType: png[25], pixel };
}

describe("the installable app's icons", () => {
  it("given the manifest's icons, then it lists a 192 and a 512 of each purpose, each a PNG in public/", () => {
    const sizes = webAppManifest().icons.map((icon) => `${icon.sizes} ${icon.purpose}`);
    expect(sizes).toEqual(["192x192 any", "512x512 any", "192x192 maskable", "512x512 maskable"]);
    for (const icon of APP_ICONS) expect(committed(icon.src).length).toBeGreaterThan(0);
  });

  it("when an icon is committed, then it is exactly the drawing at its size (run web/cli/make-pwa-icons.ts after a change)", () => {
    for (const icon of [...APP_ICONS, APPLE_TOUCH_ICON]) {
      const file = committed(icon.src);
      expect(file.equals(appIconPng(icon)), icon.src).toBe(true);
      const png = decode(file);
      expect(png).toMatchObject({ signature: "89504e470d0a1a0a", width: icon.size, height: icon.size, colourType: 6 });
    }
  });

  it("when drawn, then the bubble is white on the theme colour; an 'any' icon's corners are transparent, a maskable one fills its square", () => {
    const teal = [0x0f, 0x76, 0x6e, 255];
    expect(THEME_COLOR).toBe("#0f766e");
    for (const purpose of ["any", "maskable"] as const) {
      const png = decode(appIconPng({ src: "", size: 64, purpose }));
      // The bubble's top edge runs along y = 11 of the favicon's 32 (22..24 here); its middle is white.
      expect(png.pixel(32, 28)).toEqual([255, 255, 255, 255]);
      expect(png.pixel(32, 8)).toEqual(teal);
      expect(png.pixel(0, 0)).toEqual(purpose === "any" ? [0x0f, 0x76, 0x6e, 0] : teal);
    }
    expect(iconPixels(8, "any")).toHaveLength(8 * 8 * 4);
  });
});
