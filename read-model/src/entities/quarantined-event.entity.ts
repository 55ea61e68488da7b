import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

/** An event the projector refused (bad envelope, or rows that break an invariant), kept with its bytes. */
export const QuarantinedEvent = defineEntity({
  name: "QuarantinedEvent",
  tableName: "quarantine",
  properties: {
    /** The event's stream sequence (not generated here). */
    seq: p.bigint("number").primary().autoincrement(false),
    subject: p.text(),
    reasonCode: p.text(),
    reason: p.text(),
    payload: p.blob().columnType("bytea"),
    /** When the event was stored in the stream (so a rebuild writes the same row). */
    at: p.datetime().columnType("timestamptz"),
  },
});
export type QuarantinedEventRow = InferEntity<typeof QuarantinedEvent>;
