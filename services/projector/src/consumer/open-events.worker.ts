// A worker thread that checks envelopes (Ed25519 verification dominates the projector's CPU),
// so a rebuild verifies on every core. Each worker keeps its own verified batch signatures
// (contracts' default per thread), so a batch signed once costs it one verification
// (docs/decisions/030). Erasable TypeScript only: Node runs it from src in tests.
import { parentPort, workerData } from "node:worker_threads";
import {
  EnvelopeError,
  HEADER_BATCH,
  HEADER_KEY_ID,
  HEADER_SIGNATURE,
  type Keyring,
  openEvent,
} from "@cloudpa/contracts";

interface Envelope {
  data: Uint8Array;
  keyId: string | undefined;
  signature: string | undefined;
  batch: string | undefined;
}

const keyring = workerData.keyring as Keyring;

parentPort?.on("message", (request: { id: number; envelopes: Envelope[] }) => {
  const results = request.envelopes.map(({ data, keyId, signature, batch }) => {
    const headers: Record<string, string | undefined> = {
      [HEADER_KEY_ID]: keyId,
      [HEADER_SIGNATURE]: signature,
      [HEADER_BATCH]: batch,
    };
    const header = (name: string) => (Object.hasOwn(headers, name) ? headers[name] : undefined);
    try {
      return { event: openEvent(data, header, keyring) };
    } catch (error) {
      if (error instanceof EnvelopeError) return { refused: { code: error.code, reason: error.message } };
      return { refused: { code: "ENVELOPE.BAD_SCHEMA", reason: String(error) } };
    }
  });
  parentPort?.postMessage({ id: request.id, results });
});
