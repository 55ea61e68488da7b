/** Whether an operator command's line asks for its usage (`--help` or `-h`, anywhere on it): then it prints that and runs nothing. */
export function asksForHelp(args: readonly string[]): boolean {
  return args.some((arg) => arg === "--help" || arg === "-h");
}

/**
 * What `<command> --help` prints: the usage's first line and the entries about `command` (a line
 * `  <command> …` and the lines indented further under it), or the whole usage when none is about
 * it. `status --help` printed every command of its part, twenty lines for one.
 */
export function usageOf(usage: string, command: string | undefined): string {
  const [first = "", ...lines] = usage.split("\n");
  const about: string[] = [];
  let inEntry = false;
  for (const line of lines) {
    const entry = /^ {2}(\S+)/.exec(line);
    if (entry) inEntry = entry[1] === command;
    else if (!/^ {3,}\S/.test(line)) inEntry = false;
    if (inEntry) about.push(line);
  }
  return about.length > 0 ? [first, ...about].join("\n") : usage;
}
