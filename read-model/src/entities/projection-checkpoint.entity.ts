import { defineEntity, type InferEntity, p } from "@mikro-orm/core";

/**
 * The last stream sequence a projection applied in one partition of the stream, written in the
 * same transaction as its rows. Partition -1 is the whole stream (an unpartitioned consumer, and
 * the checkpoint from before partitions). `leaseEpoch` is the fencing token of the partition's
 * holder (docs/decisions/020): a batch commits only while no newer holder has written a greater one.
 */
export const ProjectionCheckpoint = defineEntity({
  name: "ProjectionCheckpoint",
  tableName: "projection_checkpoint",
  properties: {
    projection: p.text().primary(),
    stream: p.text().primary(),
    partition: p.integer().primary().check("partition >= '-1'::integer"),
    lastSeq: p.bigint("number").check("last_seq >= 0"),
    leaseEpoch: p.bigint("number"),
    updatedAt: p.datetime().columnType("timestamptz"),
  },
});
export type ProjectionCheckpointRow = InferEntity<typeof ProjectionCheckpoint>;
