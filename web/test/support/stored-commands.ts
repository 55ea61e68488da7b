// What a spec reads back of the web's durable consumers' work: the SendReply commands stored in
// COMMANDS (a work queue nobody consumes in these specs), and whether a consumer has caught up.
import { type Keyring, openCommand, type SendReply } from "@cloudpa/contracts";
import { nextStoredMessage } from "@cloudpa/kit";
import { type TestNats, waitFor } from "@cloudpa/testkit";

/** Every SendReply of the org stored in COMMANDS, in order, verified as the outbound verifies them. */
export async function storedSendReplies(nats: TestNats, keyring: Keyring, orgId: string): Promise<SendReply[]> {
  const commands: SendReply[] = [];
  for (let seq = 1; ; ) {
    const stored = await nextStoredMessage(
      nats.jsm,
      nats.names.commandsStream,
      seq,
      nats.names.sendReplySubject(orgId),
    );
    if (!stored) return commands;
    commands.push(openCommand(stored.data, (name) => stored.header?.get(name), keyring));
    seq = stored.seq + 1;
  }
}

/** Resolves once the durable consumer has acked every event stored in EVENTS so far. */
export async function consumerCaughtUp(nats: TestNats, durableName: string, timeoutMs = 15_000): Promise<void> {
  const stored = (await nats.jsm.streams.info(nats.names.eventsStream)).state.last_seq;
  await waitFor(
    async () => {
      const info = await nats.jsm.consumers.info(nats.names.eventsStream, durableName);
      return info.ack_floor.stream_seq >= stored && info.num_ack_pending === 0;
    },
    { what: `${durableName} to handle every stored event`, timeoutMs },
  );
}
