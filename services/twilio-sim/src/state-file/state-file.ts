import { mkdir, open, readFile, rename } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
import { type SavedState, type StateFileJson, savedStateOf, stateFileSchema } from "./state-file-schema.js";

/** A state file that exists but cannot be read back: the simulator refuses to start rather than forget it. */
export class SimStateFileError extends Error {
  override name = "SimStateFileError";

  constructor(
    readonly path: string,
    reason: string,
    options?: { cause: unknown },
  ) {
    super(
      `the Twilio simulator's state file ${path} cannot be read (${reason}). ` +
        "Fix it, or move it away to start with no messages: customers must then write again before a free-text reply goes out.",
      options,
    );
  }
}

/** The state kept at `path`; undefined when there is no file yet (the first start). */
export async function readStateFile(path: string): Promise<SavedState | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new SimStateFileError(path, String(error), { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SimStateFileError(path, `not JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = stateFileSchema.safeParse(json);
  if (!parsed.success) throw new SimStateFileError(path, z.prettifyError(parsed.error).replace(/\n/g, " "));
  return savedStateOf(parsed.data);
}

/** Replaces the file whole or not at all: written beside it, flushed to disk, then renamed over it. */
async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  // Customers' numbers and messages: readable by the owner only, as .env is.
  const file = await open(temporary, "w", 0o600);
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
}

/**
 * Saves the state a moment after it changes, so a burst of changes (a message and its status
 * callbacks) is one write; `flush` saves what is pending at once (on close). One write at a time,
 * each of the state as it is when the write starts.
 */
export class StateFileSaver {
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly snapshot: () => StateFileJson,
    private readonly onError: (error: unknown) => void,
    private readonly delayMs = 200,
  ) {}

  schedule(): void {
    this.dirty = true;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, this.delayMs);
  }

  /** Resolves once every change made before the call is on disk (or its write failed and was reported). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    return this.save();
  }

  private save(): Promise<void> {
    this.writing = this.writing.then(async () => {
      if (!this.dirty) return;
      this.dirty = false;
      try {
        await writeAtomically(this.path, JSON.stringify(this.snapshot()));
      } catch (error) {
        this.dirty = true;
        this.onError(error);
      }
    });
    return this.writing;
  }
}
