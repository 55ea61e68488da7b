/**
 * What one delivery of the live consumer is, given the deliveries before it on the same binding:
 * - `next`: the next event of the stream, to buffer;
 * - `copy`: a redelivery of an event this binding already holds or applied (its ack was lost, or it
 *   waited past the ack wait);
 * - `lost`: a delivery before it never arrived (lost on the wire when a connection dropped).
 */
export type Delivery = "next" | "copy" | "lost";

/**
 * JetStream numbers a consumer's deliveries 1, 2, 3…, a redelivery taking the next number too, and
 * one connection hands them over in that order. So a number skipped is a message lost on the wire,
 * even when the stream sequences around it look contiguous or the gap falls inside a batch.
 */
export class DeliveryOrder {
  private nextDelivery = 1;

  /** `checkpoint`: the stream sequence the consumer was bound after. */
  constructor(private lastSeq: number) {}

  /** `delivery`: the consumer's delivery sequence of the message; `seq`: its stream sequence. */
  classify(delivery: number, seq: number): Delivery {
    if (delivery !== this.nextDelivery) return "lost";
    this.nextDelivery += 1;
    if (seq <= this.lastSeq) return "copy";
    this.lastSeq = seq;
    return "next";
  }
}
