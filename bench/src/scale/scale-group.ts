import { cloudpaAvailable } from "../figures/systems.js";
import { benchKeys } from "../infra/bench-keys.js";
import type { Figure } from "../results.js";
import { measureScale } from "./measure-scale.js";
import { scaleFigures } from "./scale-figures.js";
import { scaleSizes } from "./scale-sizes.js";

/** The bench's `scale` group (issue 17): its figures, or an error naming why it cannot run. */
export async function scaleGroup(quick: boolean, log: (line: string) => void): Promise<Figure[]> {
  const missing = cloudpaAvailable();
  if (missing) throw new Error(missing);
  return scaleFigures(await measureScale(benchKeys(), scaleSizes(quick), log));
}
