/**
 * The simulator's time: the wall clock plus an offset tests move forward, so a customer's 24-hour
 * window closes or a template's approval comes due without waiting.
 */
export class SimClock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  reset(): void {
    this.offsetMs = 0;
  }
}
