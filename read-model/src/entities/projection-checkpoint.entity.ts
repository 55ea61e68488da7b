import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

/** The last stream sequence a projection applied, written in the same transaction as its rows. */
export const ProjectionCheckpoint = defineEntity({
  name: "ProjectionCheckpoint",
  tableName: "projection_checkpoint",
  properties: {
    projection: p.text().primary(),
    stream: p.text(),
    lastSeq: p.bigint("number").check("last_seq >= 0"),
    updatedAt: p.datetime().columnType("timestamptz"),
  },
});
export type ProjectionCheckpointRow = InferEntity<typeof ProjectionCheckpoint>;
