import { type CloudpaStreamNames, EVENT_PARTITIONS_KEY } from "@cloudpa/contracts";
import type { JetStreamManager } from "@nats-io/jetstream";
import { isStreamNotFound, setUpStreamNames } from "./streams.js";

/** What creates the streams, as an operator reading a service's start-up failure needs it. */
export const STREAM_SET_UP_COMMAND =
  "node deploy/scripts/setup-streams.ts (the migrate step of compose and k8s; npm start runs the same set-up)";

/** A service started before the set-up step created what it needs in NATS. */
export class MissingStreamsError extends Error {
  override name = "MissingStreamsError";
  readonly code = "STREAMS.MISSING";
  constructor(
    readonly missing: string[],
    readonly namespace: string,
  ) {
    super(
      `NATS stream${missing.length > 1 ? "s" : ""} ${missing.join(", ")} of namespace ${namespace} missing: ` +
        `services only check for them; create them with ${STREAM_SET_UP_COMMAND}, ` +
        "with this NATS_URL and CLOUDPA_NAMESPACE",
    );
  }
}

/**
 * The set-up created the config bucket but recorded no partition count in it: a service cannot
 * know which partition an event goes to (docs/decisions/019) and refuses to start.
 */
export class MissingPartitionsError extends MissingStreamsError {
  override name = "MissingPartitionsError";
  constructor(namespace: string, bucket: string) {
    super([`${bucket}/${EVENT_PARTITIONS_KEY}`], namespace);
    this.message =
      `the partition count of namespace ${namespace} is not recorded (${bucket}, key ${EVENT_PARTITIONS_KEY}): ` +
      `services only read it; record it with ${STREAM_SET_UP_COMMAND} (EVENT_PARTITIONS, default 16), ` +
      "with this NATS_URL and CLOUDPA_NAMESPACE";
  }
}

/**
 * Checks that every stream and bucket of the set-up step exists, and throws MissingStreamsError
 * naming each one that does not. Reads only (STREAM.INFO): a service's NATS user may not create
 * streams (deploy/nats/permissions.json), and a service that created them would set their
 * replicas and limits from its own env instead of the deployment's set-up.
 */
export async function checkStreams(jsm: JetStreamManager, names: CloudpaStreamNames): Promise<void> {
  const missing: string[] = [];
  for (const stream of setUpStreamNames(names)) {
    try {
      await jsm.streams.info(stream);
    } catch (error) {
      if (!isStreamNotFound(error)) throw error;
      missing.push(stream);
    }
  }
  if (missing.length > 0) throw new MissingStreamsError(missing, names.namespace);
}
