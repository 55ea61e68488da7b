import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type CloudpaEvent, HEADER_BATCH, HEADER_KEY_ID, HEADER_SIGNATURE, type Keyring } from "@cloudpa/contracts";
import { openStreamEvents } from "./event-opener.js";
import type { OpenedEvent, StreamEvent } from "./stream-event.js";

type WorkerResult = { event: CloudpaEvent } | { refused: { code: string; reason: string } };

/** Where the worker's code is: compiled next to this file, or (tests from src) the .ts Node strips. */
function workerFile(): URL | undefined {
  for (const name of ["./open-events.worker.js", "./open-events.worker.ts"]) {
    const url = new URL(name, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}

/**
 * Opens (verifies and parses) batches of stream events on worker threads, one slice per
 * worker, keeping the batch's order. Without workers it opens them on the calling thread.
 */
export class EnvelopeWorkers {
  private nextId = 0;
  private readonly waiting = new Map<
    Worker,
    Map<number, { sources: StreamEvent[]; resolve: (opened: OpenedEvent[]) => void }>
  >();

  private constructor(
    private readonly keyring: Keyring,
    private workers: Worker[],
  ) {
    for (const worker of workers) {
      const waiting = new Map<number, { sources: StreamEvent[]; resolve: (opened: OpenedEvent[]) => void }>();
      this.waiting.set(worker, waiting);
      worker.on("message", ({ id, results }: { id: number; results: WorkerResult[] }) => {
        const request = waiting.get(id);
        waiting.delete(id);
        request?.resolve(
          results.map((result, index) => ({ source: request.sources[index] as StreamEvent, ...result })),
        );
      });
      // A worker that dies leaves the pool; what it held is opened on this thread instead.
      const retire = () => {
        this.workers = this.workers.filter((other) => other !== worker);
        for (const request of waiting.values()) request.resolve(openStreamEvents(request.sources, this.keyring));
        waiting.clear();
      };
      worker.on("error", retire);
      worker.on("exit", retire);
      worker.unref();
    }
  }

  /**
   * A worker per core beyond two, the calling thread's and one for the Postgres and NATS it waits
   * on (decision 031): each worker is an isolate of its own, about 45 MB of RSS once contracts are
   * loaded, and on 2 cores the calling thread opening its batches
   * itself measured faster than handing them to workers. A rebuild may ask for more.
   */
  static start(keyring: Keyring, size = Math.max(availableParallelism() - 2, 0)): EnvelopeWorkers {
    const file = size > 0 ? workerFile() : undefined;
    const workers = file ? Array.from({ length: size }, () => new Worker(file, { workerData: { keyring } })) : [];
    return new EnvelopeWorkers(keyring, workers);
  }

  get size(): number {
    return this.workers.length;
  }

  async open(batch: StreamEvent[]): Promise<OpenedEvent[]> {
    if (this.workers.length === 0 || batch.length < 64) return openStreamEvents(batch, this.keyring);
    const slice = Math.ceil(batch.length / this.workers.length);
    const parts = await Promise.all(
      this.workers.map((worker, at) => {
        const sources = batch.slice(at * slice, (at + 1) * slice);
        if (sources.length === 0) return Promise.resolve([] as OpenedEvent[]);
        const id = this.nextId++;
        return new Promise<OpenedEvent[]>((resolve) => {
          this.waiting.get(worker)?.set(id, { sources, resolve });
          worker.postMessage({
            id,
            envelopes: sources.map((source) => ({
              data: source.data,
              keyId: source.header(HEADER_KEY_ID) || undefined,
              signature: source.header(HEADER_SIGNATURE) || undefined,
              batch: source.header(HEADER_BATCH) || undefined,
            })),
          });
        });
      }),
    );
    return parts.flat();
  }

  async stop(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
