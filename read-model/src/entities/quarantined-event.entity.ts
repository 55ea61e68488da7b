import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

/** An event the projector refused (bad envelope, or rows that break an invariant), kept with its bytes. */
export const QuarantinedEvent = defineEntity({
  name: "QuarantinedEvent",
  tableName: "quarantine",
  properties: {
    seq: p.bigint("number").primary(),
    subject: p.string(),
    reasonCode: p.string(),
    reason: p.text(),
    payload: p.blob().columnType("bytea"),
    /** When the event was stored in the stream (so a rebuild writes the same row). */
    at: p.datetime().columnType("timestamptz"),
  },
});
export type QuarantinedEventRow = InferEntity<typeof QuarantinedEvent>;
