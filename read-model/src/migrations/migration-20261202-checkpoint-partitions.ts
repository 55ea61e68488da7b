import { sqlMigration } from "../migrate/sql-migration.js";

/**
 * A checkpoint per partition of the events stream (issue 17, docs/decisions/020): the key gains the
 * stream and the partition, and each row the fencing token of its partition's holder. The
 * checkpoint from before partitions stays as partition -1 (the whole stream), from which a
 * partition's first checkpoint is taken. Frozen as applied since 2026-12-02.
 */
export const Migration20261202CheckpointPartitions = sqlMigration(
  "Migration20261202CheckpointPartitions",
  "alter table projection_checkpoint add column partition integer not null default -1",
  "alter table projection_checkpoint alter column partition drop default",
  "alter table projection_checkpoint add column lease_epoch bigint not null default 0",
  "alter table projection_checkpoint alter column lease_epoch drop default",
  "alter table projection_checkpoint add constraint projection_checkpoint_partition_check check (partition >= -1)",
  "alter table projection_checkpoint drop constraint projection_checkpoint_pkey",
  "alter table projection_checkpoint add constraint projection_checkpoint_pkey primary key (projection, stream, partition)",
);
