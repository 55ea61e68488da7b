import { JetStreamApiCodes, JetStreamApiError, type JetStreamManager, type StoredMsg } from "@nats-io/jetstream";
import { nextStoredMessage } from "./next-stored-message.js";

export interface EraseFilter {
  /** Which of the filter's messages to erase (default: all). */
  wanted?: (message: StoredMsg) => boolean;
  /** Erase only messages stored before this sequence. */
  beforeSeq?: number;
  /** Told each message just before it is erased (erasure reads the media ids an event names). */
  erasing?: (message: StoredMsg) => void;
}

/**
 * Erases every message of `stream` on `subjectFilter` that the filter wants: each is overwritten
 * with random bytes on disk and deleted (`deleteMessage(seq, erase = true)`, docs/decisions/010),
 * which a purge by subject is not. Returns how many it erased. The web's contact erasure and
 * the outbound's media keeper (a copy stored for a message erased meanwhile) both erase with it. A stream that does not exist (a
 * bucket no service created yet) holds nothing; a message deleted meanwhile is as good as erased.
 */
export async function eraseStoredMessages(
  jsm: JetStreamManager,
  stream: string,
  subjectFilter: string,
  filter: EraseFilter = {},
): Promise<number> {
  let erased = 0;
  let seq = 1;
  for (;;) {
    let message: StoredMsg | null;
    try {
      message = await nextStoredMessage(jsm, stream, seq, subjectFilter);
    } catch (error) {
      if (error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound) return erased;
      throw error;
    }
    if (!message || message.seq >= (filter.beforeSeq ?? Number.POSITIVE_INFINITY)) return erased;
    if (filter.wanted?.(message) ?? true) {
      filter.erasing?.(message);
      await eraseOne(jsm, stream, message.seq);
      erased += 1;
    }
    seq = message.seq + 1;
  }
}

async function eraseOne(jsm: JetStreamManager, stream: string, seq: number): Promise<void> {
  try {
    await jsm.streams.deleteMessage(stream, seq, true);
  } catch (error) {
    const stillThere = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (stillThere) throw error;
  }
}
