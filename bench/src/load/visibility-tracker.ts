import pg from "pg";
import { sleep } from "../infra/bench-env.js";
import { LatencySamples } from "../latency-samples.js";

/**
 * End-to-end latency by polling: a dedicated connection asks, back to back every ~2 ms, which
 * of the outstanding MessageSids have a committed row in `table` (a unique-index lookup), and
 * records now − the webhook's scheduled send time for each new one. The poll interval bounds
 * the error (≈ 2 ms plus one query). Polling rather than LISTEN keeps the measured systems
 * untouched: neither writes a NOTIFY, and a trigger would add work to their inserts.
 */
export class VisibilityTracker {
  readonly latency = new LatencySamples();
  private readonly outstanding = new Map<string, number>();
  private client: pg.Client | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  lastSeenAt = 0;

  /**
   * `scope`: the column and value that lead the table's unique key on the sid, when the sid alone
   * is not indexed (Cloud PA keys messages by org and sid, docs/decisions/006). Without it every
   * poll scanned the whole table: ~6 ms of Postgres CPU per poll at the 46,000 rows of the bench's
   * open loop, on the same 2 cores as the system measured.
   */
  constructor(
    private readonly databaseUrl: string,
    private readonly table: string,
    private readonly scope?: { column: string; value: string },
    private readonly sidColumn = "provider_sid",
  ) {}

  async start(): Promise<void> {
    this.client = new pg.Client({ connectionString: this.databaseUrl });
    await this.client.connect();
    this.running = true;
    this.loop = this.poll();
  }

  track(messageSid: string, sentAt: number): void {
    this.outstanding.set(messageSid, sentAt);
  }

  get pending(): number {
    return this.outstanding.size;
  }

  /** Waits until every tracked sid is visible (or the time runs out), then stops polling. */
  async finish(timeoutMs: number): Promise<{ missing: number }> {
    const deadline = Date.now() + timeoutMs;
    while (this.outstanding.size > 0 && Date.now() < deadline) await sleep(20);
    this.running = false;
    await this.loop;
    await this.client?.end();
    return { missing: this.outstanding.size };
  }

  private async poll(): Promise<void> {
    const client = this.client;
    if (!client) return;
    while (this.running) {
      if (this.outstanding.size === 0) {
        await sleep(1);
        continue;
      }
      const sids = [...this.outstanding.keys()].slice(0, 5000);
      // Named, so Postgres parses it once and not at each of the few hundred polls a second.
      const { rows } = this.scope
        ? await client.query<{ sid: string }>({
            name: "visible-in-scope",
            text: `select ${this.sidColumn} as sid from ${this.table} where ${this.scope.column} = $2 and ${this.sidColumn} = any($1::text[])`,
            values: [sids, this.scope.value],
          })
        : await client.query<{ sid: string }>({
            name: "visible",
            text: `select ${this.sidColumn} as sid from ${this.table} where ${this.sidColumn} = any($1::text[])`,
            values: [sids],
          });
      const now = performance.now();
      for (const { sid } of rows) {
        const sentAt = this.outstanding.get(sid);
        if (sentAt === undefined) continue;
        this.latency.record(now - sentAt);
        this.outstanding.delete(sid);
        this.lastSeenAt = now;
      }
      await sleep(2);
    }
  }
}
