// cli-progress ships no types; the part the bench uses.
declare module "cli-progress" {
  export class SingleBar {
    constructor(options: Record<string, unknown>, preset?: unknown);
    start(total: number, value: number): void;
    update(value: number): void;
    stop(): void;
  }
  const cliProgress: { SingleBar: typeof SingleBar; Presets: { shades_classic: unknown } };
  export default cliProgress;
}
