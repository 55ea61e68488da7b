import {
  type CloudpaNames,
  type QuarantinedCommand,
  quarantinedCommandKeyOf,
  quarantinedCommandSchema,
} from "@cloudpa/contracts";
import type { ServiceNats } from "@cloudpa/kit/core";
import { quoteIdent, READ_MODEL_SCHEMA } from "@cloudpa/read-model";
import type { KV } from "@nats-io/kv";
import type pg from "pg";
import {
  newestFirst,
  orgIdOfEventSubject,
  payloadTextOf,
  type QuarantineItem,
  type QuarantineSource,
  quarantineIdOf,
} from "./quarantine-format.js";

/** An outbound record as read, with what an update needs. */
export interface StoredCommand {
  record: QuarantinedCommand;
  key: string;
  revision: number;
}

interface QuarantineRow {
  seq: string;
  subject: string;
  reason_code: string;
  reason: string;
  payload: Buffer;
  /** As Postgres writes it in JSON (the pool's parsers may leave timestamps as text). */
  at: string;
}

/**
 * Reads both quarantines: the projector's rows (table `quarantine` of the read model) and the
 * outbound's kept commands (KV bucket `<ns>-outbound-quarantine`, written by the outbound under
 * `<orgId>.<seq>`; its shape is the contract's `quarantinedCommandSchema`).
 */
export class QuarantineStore {
  private constructor(
    private readonly pool: pg.Pool,
    private readonly commands: KV,
    private readonly names: CloudpaNames,
    private readonly schema: string,
  ) {}

  /** The outbound's bucket is the set-up step's: opened, never created (a missing one is MissingStreamsError). */
  static async open(nats: ServiceNats, pool: pg.Pool, schema: string = READ_MODEL_SCHEMA): Promise<QuarantineStore> {
    return new QuarantineStore(pool, await nats.bucket(nats.names.outboundQuarantineBucket), nats.names, schema);
  }

  /** Every item of the sources asked for, newest first. */
  async list(sources: readonly QuarantineSource[]): Promise<QuarantineItem[]> {
    const items: QuarantineItem[] = [];
    if (sources.includes("projector")) {
      const rows = await this.rows("order by seq");
      items.push(...rows.map((row) => this.itemOfRow(row)));
    }
    if (sources.includes("outbound")) {
      const keys: string[] = [];
      for await (const key of await this.commands.keys()) keys.push(key);
      for (const key of keys) {
        const stored = await this.readCommand(key);
        if (stored) items.push(itemOfCommand(stored.record));
      }
    }
    return items.sort(newestFirst);
  }

  async get(source: QuarantineSource, seq: number): Promise<QuarantineItem | undefined> {
    if (source === "outbound") {
      const stored = await this.command(seq);
      return stored && itemOfCommand(stored.record);
    }
    const [row] = await this.rows("where seq = $1", [seq]);
    return row && this.itemOfRow(row);
  }

  /** The outbound's record of the command at `seq` in COMMANDS, whatever org it is filed under. */
  async command(seq: number): Promise<StoredCommand | undefined> {
    for await (const key of await this.commands.keys(`*.${seq}`)) {
      const stored = await this.readCommand(key);
      if (stored) return stored;
    }
    return undefined;
  }

  /** Writes the record back if nobody changed it since it was read (two retries at once: one wins). */
  async updateCommand(stored: StoredCommand, record: QuarantinedCommand): Promise<void> {
    if (quarantinedCommandKeyOf(record) !== stored.key) throw new Error(`record ${stored.key} would move`);
    await this.commands.update(stored.key, JSON.stringify(record), stored.revision);
  }

  /** The projector's quarantine rows that `tail` (a where or order clause) selects. */
  private async rows(tail: string, values: unknown[] = []): Promise<QuarantineRow[]> {
    const { rows } = await this.pool.query<QuarantineRow>(
      `select seq, subject, reason_code, reason, payload, to_json(at) #>> '{}' as at from ${quoteIdent(this.schema)}.quarantine ${tail}`,
      values,
    );
    return rows;
  }

  private async readCommand(key: string): Promise<StoredCommand | undefined> {
    const entry = await this.commands.get(key);
    if (entry?.operation !== "PUT") return undefined;
    return { record: quarantinedCommandSchema.parse(entry.json()), key, revision: entry.revision };
  }

  private itemOfRow(row: QuarantineRow): QuarantineItem {
    const seq = Number(row.seq);
    return {
      id: quarantineIdOf("projector", seq),
      source: "projector",
      at: new Date(row.at).toISOString(),
      reasonCode: row.reason_code,
      reason: row.reason,
      orgId: orgIdOfEventSubject(row.subject),
      stream: this.names.eventsStream,
      seq,
      subject: row.subject,
      commandId: null,
      status: "quarantined",
      payload: row.payload.toString("base64"),
      payloadText: payloadTextOf(row.payload),
    };
  }
}

function itemOfCommand(record: QuarantinedCommand): QuarantineItem {
  return {
    id: quarantineIdOf("outbound", record.seq),
    source: "outbound",
    at: record.quarantinedAt,
    reasonCode: record.reasonCode,
    reason: record.reason,
    orgId: record.orgId,
    stream: record.stream,
    seq: record.seq,
    subject: record.subject,
    commandId: record.commandId,
    status: record.status,
    ...(record.retriedAt ? { retriedAt: record.retriedAt } : {}),
    ...(record.retriedAsSeq ? { retriedAsSeq: record.retriedAsSeq } : {}),
    payload: record.payload,
    payloadText: payloadTextOf(Buffer.from(record.payload, "base64")),
    headers: record.headers,
  };
}
