import { nextStoredMessage } from "@cloudpa/kit/core";
import type { JetStreamManager } from "@nats-io/jetstream";

/**
 * Asks the stream for the first event on one filter after a sequence, without reading again what
 * an earlier question already read. `next_by_subj` reads every stored message from its start until
 * one matches: asked over and over for an idle partition of a large stream, each question read the
 * whole stream (4 to 6 s per question at 1M events in the bench, the server busy meanwhile). The
 * probe remembers the range where the stream held nothing for the filter and starts past it, and
 * asks nothing when the stream has stored nothing new since.
 */
export class NextEventProbe {
  /** The stream held no event of the filter in `from..through` (inclusive). */
  private empty?: { from: number; through: number };

  constructor(
    private readonly jsm: JetStreamManager,
    private readonly stream: string,
    private readonly filter: string,
  ) {}

  /** The sequence of the first event stored on the filter after `seq`, or null if none is. */
  async nextAfter(seq: number): Promise<number | null> {
    const known = this.empty && this.empty.from <= seq + 1 && this.empty.through >= seq ? this.empty : undefined;
    const from = known ? known.through + 1 : seq + 1;
    const { state } = await this.jsm.streams.info(this.stream);
    if (from > state.last_seq) return null;
    const next = await nextStoredMessage(this.jsm, this.stream, from, this.filter);
    // Read before the question, so nothing stored while it ran is taken for absent.
    this.empty = { from: known ? known.from : seq + 1, through: next ? next.seq - 1 : state.last_seq };
    return next?.seq ?? null;
  }
}
