import cliProgress from "cli-progress";

/** A progress bar on stderr while seeding (silent when stderr is not a terminal or `quiet`). */
export function progressBar(label: string, total: number, quiet = false) {
  if (quiet || !process.stderr.isTTY) return { update: (_n: number) => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: `${label.padEnd(28)} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (n: number) => bar.update(n), stop: () => bar.stop() };
}
