import type { JetStreamManager, MsgRequest, StoredMsg } from "@nats-io/jetstream";

/**
 * The first message stored in `stream` at or after `seq` whose subject matches `filter`, or null.
 * One request, whatever was deleted in between: how erasure (docs/decisions/010) walks a subject's
 * messages and how the projector tells deleted sequences from lost ones. The server has taken
 * `next_by_subj` since 2.9; nats.js types it for direct gets only, hence the cast.
 */
export function nextStoredMessage(
  jsm: JetStreamManager,
  stream: string,
  seq: number,
  filter: string,
): Promise<StoredMsg | null> {
  return jsm.streams.getMessage(stream, { seq, next_by_subj: filter } as unknown as MsgRequest);
}
