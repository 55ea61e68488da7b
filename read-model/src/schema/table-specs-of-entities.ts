import type { EntityMetadata, EntityProperty, EntitySchema, MetadataStorage } from "@mikro-orm/core";
import { MikroORM } from "@mikro-orm/postgresql";
import { ChatAccount } from "../entities/chat-account.entity.js";
import { Contact } from "../entities/contact.entity.js";
import { Conversation } from "../entities/conversation.entity.js";
import { ConversationNote } from "../entities/conversation-note.entity.js";
import { Label } from "../entities/label.entity.js";
import { Message } from "../entities/message.entity.js";
import { PendingStatus } from "../entities/pending-status.entity.js";
import { ProjectionCheckpoint } from "../entities/projection-checkpoint.entity.js";
import { QuarantinedEvent } from "../entities/quarantined-event.entity.js";
import { SavedReply } from "../entities/saved-reply.entity.js";
import { readModelEntities } from "../orm.js";
import { COLUMN_TYPES, type ColumnType, type TableSpec } from "../store/table-spec.js";

/**
 * The tables the projector's SQL writes, derived from MikroORM's own metadata of the entities:
 * discovered synchronously and without a database connection (the constructor does not connect),
 * with the naming strategy and platform types the ORM, its schema generator and the drift test use.
 * Run at test time only: `store/table-specs.generated.ts` holds the result, so that no service
 * loads the ORM's driver to know its tables (`table-specs.unit.spec.ts` keeps the two equal).
 */
const ALIASES: Record<string, ColumnType> = {
  varchar: "text",
  "character varying": "text",
  int: "integer",
  int4: "integer",
  int8: "bigint",
};

function columnTypeOf(meta: EntityMetadata, prop: EntityProperty): ColumnType {
  const declared = (prop.columnTypes[0] ?? "")
    .toLowerCase()
    .replace(/\(.*\)$/, "")
    .trim();
  const type = ALIASES[declared] ?? declared;
  if (!(COLUMN_TYPES as readonly string[]).includes(type)) {
    throw new Error(`${meta.tableName}.${prop.name}: no array type for column type "${prop.columnTypes[0]}"`);
  }
  return type as ColumnType;
}

/** The table spec of an entity: its table, its primary key's columns and every scalar column, as discovered. */
function tableSpecOf(metadata: MetadataStorage, entity: EntitySchema): TableSpec<object> {
  const meta = metadata.get(entity);
  return {
    table: meta.tableName,
    key: meta.getPrimaryProps().flatMap((prop) => prop.fieldNames),
    columns: meta.props
      .filter((prop) => prop.kind === "scalar" && prop.persist !== false)
      .map((prop) => ({
        column: prop.fieldNames[0] as string,
        field: prop.name as never,
        type: columnTypeOf(meta, prop),
      })),
  };
}

/** Every table spec the store uses, by the name `store/table-specs.ts` exports it under. */
export function tableSpecsOfEntities(): Record<string, TableSpec<object>> {
  const metadata = new MikroORM({ entities: [...readModelEntities], dbName: "read-model-metadata" }).getMetadata();
  const entities: Record<string, EntitySchema> = {
    chatAccountTable: ChatAccount,
    contactTable: Contact,
    conversationTable: Conversation,
    labelTable: Label,
    conversationNoteTable: ConversationNote,
    messageTable: Message,
    pendingStatusTable: PendingStatus,
    savedReplyTable: SavedReply,
    checkpointTable: ProjectionCheckpoint,
    quarantineTable: QuarantinedEvent,
  };
  return Object.fromEntries(Object.entries(entities).map(([name, entity]) => [name, tableSpecOf(metadata, entity)]));
}

/** `store/table-specs.generated.ts` as it must read for `specs`. */
export function tableSpecsModule(specs: Record<string, TableSpec<object>>): string {
  return [
    "// Generated from the entities' MikroORM metadata by read-model/src/schema/table-specs.unit.spec.ts:",
    "// do not edit. After changing an entity, `npm run test:unit -- table-specs -u` writes it again.",
    "",
    `export const GENERATED_TABLE_SPECS = ${JSON.stringify(specs, null, 2)} as const;`,
    "",
  ].join("\n");
}
