import {
  type CloudpaCommand,
  type CloudpaEvent,
  encodeMessage,
  type SignedMessage,
  type SigningKey,
  signEncodedBatch,
} from "@cloudpa/contracts";

/** The most messages one signature covers (docs/decisions/030). */
export const SIGNING_BATCH_LIMIT = 256;

interface Pending {
  data: Uint8Array[];
  settle: { resolve: (signed: SignedMessage) => void; reject: (error: unknown) => void }[];
}

/**
 * Signs the messages a process appends with the same key within one turn of the event loop as
 * one batch (contracts' `signEncodedBatch`): collected as they come, signed on `setImmediate`
 * (after the turn's I/O callbacks and their promises) or as soon as `limit` are waiting. A lone
 * message waits for nothing but the end of its turn, and is signed on its own (a batch of one).
 */
export class SigningBatches {
  private readonly pending = new Map<SigningKey, Pending>();
  private scheduled = false;

  constructor(private readonly limit = SIGNING_BATCH_LIMIT) {}

  sign(message: CloudpaEvent | CloudpaCommand, key: SigningKey): Promise<SignedMessage> {
    // Encoded now, so a message that cannot be encoded fails alone, in its caller.
    let data: Uint8Array;
    try {
      data = encodeMessage(message);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      let batch = this.pending.get(key);
      if (!batch) {
        batch = { data: [], settle: [] };
        this.pending.set(key, batch);
      }
      batch.data.push(data);
      batch.settle.push({ resolve, reject });
      if (batch.data.length >= this.limit) {
        this.pending.delete(key);
        this.signNow(batch, key);
      } else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batches = [...this.pending];
    this.pending.clear();
    for (const [key, batch] of batches) this.signNow(batch, key);
  }

  private signNow(batch: Pending, key: SigningKey): void {
    let signed: SignedMessage[];
    try {
      signed = signEncodedBatch(batch.data, key);
    } catch (error) {
      for (const { reject } of batch.settle) reject(error);
      return;
    }
    batch.settle.forEach(({ resolve }, index) => {
      resolve(signed[index] as SignedMessage);
    });
  }
}
