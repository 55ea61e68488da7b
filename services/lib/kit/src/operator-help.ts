/** Whether an operator command's line asks for its usage (`--help` or `-h`, anywhere on it): then it prints that and runs nothing. */
export function asksForHelp(args: readonly string[]): boolean {
  return args.some((arg) => arg === "--help" || arg === "-h");
}
