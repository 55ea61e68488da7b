/** A command line the command cannot run: the caller prints its usage and exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** An option's value as a whole number from 1, or undefined when it was not given. */
export function positiveInt(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a positive integer`);
  return n;
}
