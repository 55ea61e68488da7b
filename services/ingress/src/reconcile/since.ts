const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since`: an ISO time (`2026-05-01T10:00:00Z`) or a duration back from now (`90m`, `2h`, `7d`). */
export function parseSince(value: string | undefined, now: Date): Date | undefined {
  if (!value) return undefined;
  const duration = /^(\d{1,6})([smhd])$/.exec(value.trim());
  if (duration) return new Date(now.getTime() - Number(duration[1]) * (UNIT_MS[duration[2] ?? "h"] ?? 0));
  if (!/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : new Date(at);
}
