import { afterAll, beforeAll, beforeEach } from "vitest";
import { startTwilioSim, type TwilioSim, type TwilioSimOptions } from "../twilio-sim.js";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver.js";

/**
 * A simulator and a webhook receiver (the ingress's stand-in) for the tests of the describe block
 * it is called in, both emptied before each test; `options` is given the receiver, for the URLs
 * the simulator posts to. Read them inside hooks and tests.
 */
export function simWithReceiver(options: (receiver: WebhookReceiver) => TwilioSimOptions): {
  readonly sim: TwilioSim;
  readonly receiver: WebhookReceiver;
} {
  let started: { sim: TwilioSim; receiver: WebhookReceiver } | undefined;
  beforeAll(async () => {
    const receiver = await startWebhookReceiver();
    started = { receiver, sim: await startTwilioSim(options(receiver)) };
  });
  afterAll(async () => {
    await started?.sim.close();
    await started?.receiver.close();
  });
  beforeEach(() => {
    started?.sim.reset();
    if (started) started.receiver.received.length = 0;
  });
  const current = () => {
    if (!started) throw new Error("the simulator is read before it started: read it inside a hook or a test");
    return started;
  };
  return {
    get sim() {
      return current().sim;
    },
    get receiver() {
      return current().receiver;
    },
  };
}
