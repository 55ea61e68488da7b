export type Style = "bold" | "dim" | "red" | "green" | "yellow" | "cyan" | "magenta";

/** Styles a piece of text for the terminal, or leaves it as it is. */
export type Paint = (style: Style, text: string) => string;

const CODES: Record<Style, [open: number, close: number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  magenta: [35, 39],
};

export const plain: Paint = (_style, text) => text;
export const ansi: Paint = (style, text) => `\x1b[${CODES[style][0]}m${text}\x1b[${CODES[style][1]}m`;

/** Colours for a terminal only, never in a pipe or when NO_COLOR is set (no-color.org); FORCE_COLOR forces them. */
export function paintFor(stream: { isTTY?: boolean }, env: Record<string, string | undefined> = process.env): Paint {
  if (env.NO_COLOR) return plain;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== "0") return ansi;
  return stream.isTTY ? ansi : plain;
}
