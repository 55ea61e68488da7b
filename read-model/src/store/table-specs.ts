import type { EntityMetadata, EntityProperty, EntitySchema } from "@mikro-orm/core";
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
import type { RowOf } from "../projections/rows.js";

/** The SQL types the store's statements cast their arrays to (a column's type without its length). */
const COLUMN_TYPES = ["uuid", "text", "boolean", "integer", "bigint", "timestamptz", "jsonb", "bytea"] as const;
type ColumnType = (typeof COLUMN_TYPES)[number];

export interface ColumnSpec<R> {
  column: string;
  field: keyof R & string;
  type: ColumnType;
}

/** A table as the projector's SQL needs it, derived from its entity: never written by hand. */
export interface TableSpec<R> {
  table: string;
  /** The columns of the primary key: the conflict target of an upsert. */
  key: string[];
  columns: ColumnSpec<R>[];
}

/**
 * MikroORM's own metadata of the read model's entities: discovered once, synchronously and
 * without a database connection (the constructor does not connect), with the naming strategy
 * and platform types the ORM, its schema generator and the drift test use.
 */
const metadata = new MikroORM({ entities: [...readModelEntities], dbName: "read-model-metadata" }).getMetadata();

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
export function tableSpecOf<Entity extends EntitySchema>(entity: Entity): TableSpec<RowOf<Entity>> {
  const meta = metadata.get(entity);
  return {
    table: meta.tableName,
    key: meta.getPrimaryProps().flatMap((prop) => prop.fieldNames),
    columns: meta.props
      .filter((prop) => prop.kind === "scalar" && prop.persist !== false)
      .map((prop) => ({
        column: prop.fieldNames[0] as string,
        field: prop.name as keyof RowOf<Entity> & string,
        type: columnTypeOf(meta, prop),
      })),
  };
}

/** The column of a field (property) of the table. */
export function columnOf<R>(spec: TableSpec<R>, field: keyof R & string): ColumnSpec<R> {
  const column = spec.columns.find((candidate) => candidate.field === field);
  if (!column) throw new Error(`${spec.table} has no column for ${field}`);
  return column;
}

export const chatAccountTable = tableSpecOf(ChatAccount);
export const contactTable = tableSpecOf(Contact);
export const conversationTable = tableSpecOf(Conversation);
export const labelTable = tableSpecOf(Label);
export const conversationNoteTable = tableSpecOf(ConversationNote);
export const messageTable = tableSpecOf(Message);
export const pendingStatusTable = tableSpecOf(PendingStatus);
export const savedReplyTable = tableSpecOf(SavedReply);
export const checkpointTable = tableSpecOf(ProjectionCheckpoint);
export const quarantineTable = tableSpecOf(QuarantinedEvent);
