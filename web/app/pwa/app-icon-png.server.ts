// The app's icons as PNG bytes, drawn from the favicon's own shapes (app/components/favicon.ts: a teal rounded
// square with a white speech bubble, on a 32-unit grid), so the installed app looks like the tab.
// No image library: the pixels are computed (4×4 samples a pixel for smooth edges) and written as
// an 8-bit RGBA PNG with node:zlib. web/cli/make-pwa-icons.ts writes them to web/public/icons.
import { crc32, deflateSync } from "node:zlib";
import type { AppIcon } from "./web-app-manifest.ts";
import { THEME_COLOR } from "./web-app-manifest.ts";

const GRID = 32;
/** The favicon's corner radius on its grid. */
const CORNER = 8;
/** The favicon's bubble, `M9 11h14v9H14l-5 4z`: inside the maskable safe zone (a circle of 0.4 × the size) as it is. */
const BUBBLE: readonly (readonly [number, number])[] = [
  [9, 11],
  [23, 11],
  [23, 20],
  [14, 20],
  [9, 24],
];
const SAMPLES = 4;

function rgbOf(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

function inRoundedSquare(x: number, y: number, radius: number): boolean {
  if (x < 0 || y < 0 || x > GRID || y > GRID) return false;
  const cx = Math.min(Math.max(x, radius), GRID - radius);
  const cy = Math.min(Math.max(y, radius), GRID - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

function inBubble(x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = BUBBLE.length - 1; i < BUBBLE.length; j = i++) {
    const [xi, yi] = BUBBLE[i]!;
    const [xj, yj] = BUBBLE[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * The icon's pixels, RGBA row by row. "any" keeps the favicon's rounded corners (transparent
 * outside); "maskable" fills the whole square, since the launcher cuts its own shape.
 */
export function iconPixels(size: number, purpose: AppIcon["purpose"]): Uint8Array {
  const [r, g, b] = rgbOf(THEME_COLOR);
  const radius = purpose === "maskable" ? 0 : CORNER;
  const pixels = new Uint8Array(size * size * 4);
  const unit = GRID / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let background = 0;
      let mark = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES) * unit;
          const y = (py + (sy + 0.5) / SAMPLES) * unit;
          if (!inRoundedSquare(x, y, radius)) continue;
          background++;
          if (inBubble(x, y)) mark++;
        }
      }
      const covered = background / SAMPLES ** 2;
      const white = background === 0 ? 0 : mark / background;
      const at = (py * size + px) * 4;
      pixels[at] = Math.round(r + (255 - r) * white);
      pixels[at + 1] = Math.round(g + (255 - g) * white);
      pixels[at + 2] = Math.round(b + (255 - b) * white);
      pixels[at + 3] = Math.round(255 * covered);
    }
  }
  return pixels;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A square RGBA image as a PNG file (8 bits a channel, no filtering). */
export function encodePng(size: number, pixels: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    // Each row starts with its filter type, 0 (none).
    Buffer.from(pixels.buffer, pixels.byteOffset + y * size * 4, size * 4).copy(rows, y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

/** The PNG file of one of the app's icons. */
export function appIconPng(icon: AppIcon): Buffer {
  return encodePng(icon.size, iconPixels(icon.size, icon.purpose));
}
