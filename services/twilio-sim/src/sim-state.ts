/** How the simulator plays the status callbacks of an accepted message. */
export type StatusMode = "inorder" | "shuffle" | "duplicate" | "delay";

/** One piece of media Twilio keeps for a message (its Media subresource), with its bytes. */
export interface SimMedia {
  sid: string;
  contentType: string;
  data: Buffer;
  /** The file's name, when the customer's phone gave one (documents). */
  filename?: string;
  dateCreated: Date;
}

/** One message as Twilio would hold it: sent through the Messages API or received from a customer. */
export interface SimMessage {
  sid: string;
  accountSid: string;
  direction: "outbound-api" | "inbound";
  from: string;
  to: string;
  body: string;
  mediaUrls: string[];
  /** The media Twilio keeps: what the customer sent, or what it fetched from an outbound MediaUrl. */
  media: SimMedia[];
  /** Inbound only: the webhook's params beyond text and media (location, button, replied-to…). */
  extraParams: Record<string, string>;
  /** The Content template sent (ContentSid), if any: its text is already rendered into `body`. */
  contentSid: string | null;
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
  /** How long WhatsApp's review of a new template approval request takes. */
  approvalDelayMs: number;
  /**
   * WhatsApp's 24-hour window: free text (no ContentSid) to a customer whose last message is older
   * than 24 hours, or who never wrote, is accepted and then fails with 63016.
   */
  enforceWhatsAppWindow: boolean;
}

export const DEFAULT_BEHAVIOUR: SimBehaviour = {
  statusMode: "inorder",
  failSends: [],
  sendTimeoutMs: 0,
  statusDelayMs: 20,
  lateStatusMs: 1500,
  approvalDelayMs: 3000,
  enforceWhatsAppWindow: false,
};

/**
 * What the simulator remembers: messages in the order they were created, and its behaviour. `changed`
 * hears of every change to the messages (the state file saves them); the behaviour is a test knob, not kept.
 */
export class SimState {
  readonly messages: SimMessage[];
  behaviour: SimBehaviour;

  constructor(
    private readonly initialBehaviour: SimBehaviour,
    saved: readonly SimMessage[] = [],
    private readonly changed: () => void = () => {},
  ) {
    this.messages = [...saved];
    this.behaviour = { ...initialBehaviour, failSends: [...initialBehaviour.failSends] };
  }

  add(message: SimMessage): void {
    this.messages.push(message);
    this.changed();
  }

  /** A message moves on in its lifecycle (queued, sent, delivered, read, or failed with Twilio's error). */
  setStatus(message: SimMessage, status: string, at: Date, error?: { errorCode: number; errorMessage: string }): void {
    message.status = status;
    message.dateUpdated = at;
    if (status === "sent" && !message.dateSent) message.dateSent = at;
    if (error) {
      message.errorCode = error.errorCode;
      message.errorMessage = error.errorMessage;
    }
    this.changed();
  }

  /** Twilio keeps what it downloaded from an outbound MediaUrl as the message's Media. */
  addMedia(message: SimMessage, media: SimMedia): void {
    message.media.push(media);
    this.changed();
  }

  /** A message's Media deleted through the API (`DELETE …/Media/{Sid}`). */
  deleteMedia(message: SimMessage, mediaSid: string): boolean {
    const at = message.media.findIndex((media) => media.sid === mediaSid);
    if (at < 0) return false;
    message.media.splice(at, 1);
    this.changed();
    return true;
  }

  find(accountSid: string, sid: string): SimMessage | undefined {
    return this.messages.find((message) => message.sid === sid && message.accountSid === accountSid);
  }

  /** When `customer` last wrote to `business`, if ever. */
  lastInboundAt(customer: string, business: string): Date | undefined {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const message = this.messages[i] as SimMessage;
      if (message.direction === "inbound" && message.from === customer && message.to === business) {
        return message.dateCreated;
      }
    }
    return undefined;
  }

  /** Moves a customer's messages `ms` into the past, as if they had written that much earlier. */
  ageCustomer(customer: string, ms: number): number {
    let aged = 0;
    for (const message of this.messages) {
      if (message.from !== customer && message.to !== customer) continue;
      message.dateCreated = new Date(message.dateCreated.getTime() - ms);
      message.dateUpdated = new Date(message.dateUpdated.getTime() - ms);
      if (message.dateSent) message.dateSent = new Date(message.dateSent.getTime() - ms);
      aged += 1;
    }
    if (aged > 0) this.changed();
    return aged;
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
    this.changed();
  }
}
