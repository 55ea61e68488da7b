/**
 * The read model's write side, as the live projector runs it: the pure projections, the store's
 * statements and the checkpoints. It loads neither the ORM's driver and migrations nor the web's
 * query builder (issue 16: a projector that loaded them held 16 MB more at idle); `@cloudpa/read-model`
 * re-exports all of it with the rest.
 */
export { inboundMessageIdFor, sidKeyOf } from "./projections/message-ids.js";
export { isFinalStatus, statusAdvances } from "./projections/message-status-order.js";
export { projectEvent } from "./projections/project-event.js";
export { changesOf, foldEvent, readModelDecider, rejectionsOf } from "./projections/read-model.decider.js";
export type {
  ChatAccountRecord,
  ContactErasure,
  ContactRecord,
  ConversationNoteRecord,
  ConversationRecord,
  LabelKey,
  LabelRecord,
  MessageRecord,
  PendingStatusRecord,
  ProjectionRejection,
  ProjectionResult,
  RowChange,
  RowLookup,
  SavedReplyRecord,
} from "./projections/rows.js";
export { dropIndexSql, type SecondaryIndex, secondaryIndexesOf } from "./schema/secondary-indexes.js";
export { READ_MODEL_SCHEMA } from "./schema-name.js";
export {
  adoptPartitionCheckpoints,
  claimPartitionCheckpoint,
  type PartitionCheckpoint,
  readPartitionCheckpoints,
  seedPartitionCheckpoints,
} from "./store/partition-checkpoints.js";
export {
  laggingPartitions,
  type MessagePartition,
  type PartitionLag,
  partitionOfSubject,
  seqsByPartition,
} from "./store/partition-lag.js";
export { isConnectTimeout, POSTGRES_CONNECT_TIMEOUT_MS } from "./store/postgres-connect-timeout.js";
export {
  type AllRows,
  allRowsOf,
  type CheckpointKey,
  checkpointOf,
  INBOX_PROJECTION,
  leaseEpochOf,
  loadRows,
  loadRowsStatements,
  lockCheckpointStatement,
  type QuarantineEntry,
  readCheckpoint,
  readCheckpointSql,
  readCheckpointStatement,
  WHOLE_STREAM,
  writeChangedRows,
  writeChangedRowsStatements,
  writeCheckpoint,
  writeCheckpointStatement,
  writeQuarantine,
  writeQuarantineStatements,
} from "./store/read-model-store.js";
export {
  type CopiedRows,
  type CopiedTable,
  copyInSql,
  copyInText,
  eraseWritten,
  readWrittenMessages,
  rewriteMessages,
} from "./store/rebuild-rows.js";
export {
  type MissingMessageKeys,
  RebuildWorkspace,
  type TakenMessages,
  WrittenKeys,
} from "./store/rebuild-workspace.js";
export { addRowKeysOf, emptyRowKeys, type RowKeys } from "./store/row-keys.js";
export type { OnConflict } from "./store/row-sql.js";
export { quoteIdent, type SqlRunner } from "./store/sql-runner.js";
export {
  plain,
  runStatements,
  type SqlStatement,
  type StatementResult,
  sqlArray,
  sqlLiteral,
  statement,
  type ValueMode,
} from "./store/sql-statement.js";
export { type ChangedRows, ReadModelWorkspace } from "./store/workspace.js";
