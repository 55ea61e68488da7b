import type { ChatAccount } from "../entities/chat-account.entity.js";
import type { Contact } from "../entities/contact.entity.js";
import type { Conversation } from "../entities/conversation.entity.js";
import type { ConversationNote } from "../entities/conversation-note.entity.js";
import type { Label } from "../entities/label.entity.js";
import type { Message } from "../entities/message.entity.js";
import type { PendingStatus } from "../entities/pending-status.entity.js";
import type { ProjectionCheckpoint } from "../entities/projection-checkpoint.entity.js";
import type { QuarantinedEvent } from "../entities/quarantined-event.entity.js";
import type { SavedReply } from "../entities/saved-reply.entity.js";
import type { RowOf } from "../projections/rows.js";
import type { TableSpec } from "./table-spec.js";
import { GENERATED_TABLE_SPECS } from "./table-specs.generated.js";

/** The generated spec of a table, typed by its entity's row. */
function specOf<Entity>(name: keyof typeof GENERATED_TABLE_SPECS): TableSpec<RowOf<Entity>> {
  return GENERATED_TABLE_SPECS[name] as unknown as TableSpec<RowOf<Entity>>;
}

export const chatAccountTable = specOf<typeof ChatAccount>("chatAccountTable");
export const contactTable = specOf<typeof Contact>("contactTable");
export const conversationTable = specOf<typeof Conversation>("conversationTable");
export const labelTable = specOf<typeof Label>("labelTable");
export const conversationNoteTable = specOf<typeof ConversationNote>("conversationNoteTable");
export const messageTable = specOf<typeof Message>("messageTable");
export const pendingStatusTable = specOf<typeof PendingStatus>("pendingStatusTable");
export const savedReplyTable = specOf<typeof SavedReply>("savedReplyTable");
export const checkpointTable = specOf<typeof ProjectionCheckpoint>("checkpointTable");
export const quarantineTable = specOf<typeof QuarantinedEvent>("quarantineTable");
