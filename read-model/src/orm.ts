import { Migrator } from "@mikro-orm/migrations";
import { MikroORM } from "@mikro-orm/postgresql";
import { ChatAccount } from "./entities/chat-account.entity.js";
import { Contact } from "./entities/contact.entity.js";
import { Conversation } from "./entities/conversation.entity.js";
import { ConversationNote } from "./entities/conversation-note.entity.js";
import { Label } from "./entities/label.entity.js";
import { Message } from "./entities/message.entity.js";
import { PendingStatus } from "./entities/pending-status.entity.js";
import { ProjectionCheckpoint } from "./entities/projection-checkpoint.entity.js";
import { QuarantinedEvent } from "./entities/quarantined-event.entity.js";
import { SavedReply } from "./entities/saved-reply.entity.js";
import { migrateSchema, migratorOptions } from "./migrate/migrate-schema.js";
import { Migration20261125InboxIndexes } from "./migrations/migration-20261125-inbox-indexes.js";
import { Migration20261125ReadModel } from "./migrations/migration-20261125-read-model.js";
import { Migration20261202CheckpointPartitions } from "./migrations/migration-20261202-checkpoint-partitions.js";
import { Migration20261202InboxInOrder } from "./migrations/migration-20261202-inbox-in-order.js";
import { Migration20261202Labels } from "./migrations/migration-20261202-labels.js";
import { Migration20261202MessageKinds } from "./migrations/migration-20261202-message-kinds.js";
import { Migration20261202MessagesKeyedByOrg } from "./migrations/migration-20261202-messages-keyed-by-org.js";
import { Migration20261202NotesAndContactDetails } from "./migrations/migration-20261202-notes-and-contact-details.js";
import { Migration20261203LoaderIndexes } from "./migrations/migration-20261203-loader-indexes.js";
import { Migration20261203MessageHistoryKeyset } from "./migrations/migration-20261203-message-history-keyset.js";
import { Migration20261203SavedReplies } from "./migrations/migration-20261203-saved-replies.js";
import { Migration20261204LabelIndexWithoutPendingList } from "./migrations/migration-20261204-label-index-without-pending-list.js";
import { Migration20261206ContactSearch } from "./migrations/migration-20261206-contact-search.js";
import { Migration20261206NoOrgLastMessageIndex } from "./migrations/migration-20261206-no-org-last-message-index.js";
import { Migration20261208MarkedUnread } from "./migrations/migration-20261208-marked-unread.js";
import { Migration20261208MuteEnds } from "./migrations/migration-20261208-mute-ends.js";
import { Migration20261208Muted } from "./migrations/migration-20261208-muted.js";
import { READ_MODEL_SCHEMA } from "./schema-name.js";

export const readModelEntities = [
  ChatAccount,
  Contact,
  Conversation,
  Label,
  ConversationNote,
  Message,
  PendingStatus,
  ProjectionCheckpoint,
  QuarantinedEvent,
  SavedReply,
] as const;

/** Every migration of the read model, in order, each frozen as applied; the migrator records them in the schema itself. */
export const readModelMigrations = [
  Migration20261125ReadModel,
  Migration20261125InboxIndexes,
  Migration20261202MessagesKeyedByOrg,
  Migration20261202MessageKinds,
  Migration20261202CheckpointPartitions,
  Migration20261202InboxInOrder,
  Migration20261202Labels,
  Migration20261202NotesAndContactDetails,
  Migration20261203MessageHistoryKeyset,
  Migration20261203SavedReplies,
  Migration20261203LoaderIndexes,
  Migration20261204LabelIndexWithoutPendingList,
  Migration20261206ContactSearch,
  Migration20261206NoOrgLastMessageIndex,
  Migration20261208MarkedUnread,
  Migration20261208Muted,
  Migration20261208MuteEnds,
];

export interface ReadModelOrmOptions {
  /** Pool size (default 10). */
  poolSize?: number;
  debug?: boolean;
}

/**
 * A MikroORM instance over the read model in `schema`. Entities carry no schema of their
 * own, so the same entities read a rebuild's fresh schema or the live one.
 */
export async function createReadModelOrm(
  databaseUrl: string,
  schema: string = READ_MODEL_SCHEMA,
  options: ReadModelOrmOptions = {},
) {
  return MikroORM.init({
    clientUrl: databaseUrl,
    schema,
    entities: [...readModelEntities],
    extensions: [Migrator],
    ensureDatabase: false,
    allowGlobalContext: false,
    debug: options.debug ?? false,
    pool: { min: 0, max: options.poolSize ?? 10 },
    migrations: migratorOptions(schema, readModelMigrations),
  });
}

export type ReadModelOrm = Awaited<ReturnType<typeof createReadModelOrm>>;

/**
 * Creates `schema` if needed and runs pending read-model migrations in it (the live schema, or a
 * rebuild's fresh one). Its own step, never a start-up hook.
 */
export function migrateReadModel(databaseUrl: string, schema: string = READ_MODEL_SCHEMA): Promise<string[]> {
  return migrateSchema(databaseUrl, { schema, migrations: readModelMigrations });
}
