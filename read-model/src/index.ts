export { ChatAccount, type ChatAccountRow } from "./entities/chat-account.entity.js";
export { Contact, type ContactRow } from "./entities/contact.entity.js";
export { Conversation, type ConversationRow } from "./entities/conversation.entity.js";
export { Message, type MessageRow } from "./entities/message.entity.js";
export { PendingStatus, type PendingStatusRow } from "./entities/pending-status.entity.js";
export { ProjectionCheckpoint, type ProjectionCheckpointRow } from "./entities/projection-checkpoint.entity.js";
export { QuarantinedEvent, type QuarantinedEventRow } from "./entities/quarantined-event.entity.js";
export {
  createReadModelOrm,
  migrateReadModel,
  READ_MODEL_SCHEMA,
  type ReadModelOrm,
  type ReadModelOrmOptions,
  readModelEntities,
  readModelMigrations,
} from "./orm.js";
export { createIndexesSql, createTablesSql, dropIndexesSql } from "./schema/read-model-ddl.js";
