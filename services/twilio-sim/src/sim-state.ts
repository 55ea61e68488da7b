/** How the simulator plays the status callbacks of an accepted message. */
export type StatusMode = "inorder" | "shuffle" | "duplicate" | "delay";

/** One message as Twilio would hold it: sent through the Messages API or received from a customer. */
export interface SimMessage {
  sid: string;
  accountSid: string;
  direction: "outbound-api" | "inbound";
  from: string;
  to: string;
  body: string;
  mediaUrls: string[];
  messagingServiceSid: string | null;
  statusCallback: string | null;
  status: string;
  errorCode: number | null;
  errorMessage: string | null;
  numSegments: number;
  dateCreated: Date;
  dateUpdated: Date;
  dateSent: Date | null;
}

export interface SimBehaviour {
  statusMode: StatusMode;
  /** Answers for the next sends, first come first used: an HTTP status (429, 500…) or a Twilio error code. */
  failSends: number[];
  /** Each create is answered this late (the message is accepted all the same, as when Twilio is slow). */
  sendTimeoutMs: number;
  /** Pause between two status callbacks of one message. */
  statusDelayMs: number;
  /** Extra wait before each status callback in `delay` mode. */
  lateStatusMs: number;
}

export const DEFAULT_BEHAVIOUR: SimBehaviour = {
  statusMode: "inorder",
  failSends: [],
  sendTimeoutMs: 0,
  statusDelayMs: 20,
  lateStatusMs: 1500,
};

/** Everything the simulator remembers, in memory: messages in the order they were created, and its behaviour. */
export class SimState {
  readonly messages: SimMessage[] = [];
  behaviour: SimBehaviour;

  constructor(private readonly initialBehaviour: SimBehaviour) {
    this.behaviour = { ...initialBehaviour, failSends: [...initialBehaviour.failSends] };
  }

  add(message: SimMessage): void {
    this.messages.push(message);
  }

  find(accountSid: string, sid: string): SimMessage | undefined {
    return this.messages.find((message) => message.sid === sid && message.accountSid === accountSid);
  }

  /** The failure chosen for the next send, if any; each queued failure answers exactly one send. */
  takeSendFailure(): number | undefined {
    return this.behaviour.failSends.shift();
  }

  /** Changes only what `change` names; a key given as undefined keeps its value. */
  configure(change: Partial<SimBehaviour>): void {
    const named = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
    this.behaviour = { ...this.behaviour, ...named, failSends: [...(change.failSends ?? this.behaviour.failSends)] };
  }

  reset(): void {
    this.messages.length = 0;
    this.behaviour = { ...this.initialBehaviour, failSends: [...this.initialBehaviour.failSends] };
  }
}
