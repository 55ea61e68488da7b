// Generated from the entities' MikroORM metadata by read-model/src/schema/table-specs.unit.spec.ts:
// do not edit. After changing an entity, `npm run test:unit -- table-specs -u` writes it again.

export const GENERATED_TABLE_SPECS = {
  "chatAccountTable": {
    "table": "chat_account",
    "key": [
      "id"
    ],
    "columns": [
      {
        "column": "id",
        "field": "id",
        "type": "uuid"
      },
      {
        "column": "org_id",
        "field": "orgId",
        "type": "uuid"
      },
      {
        "column": "provider",
        "field": "provider",
        "type": "text"
      },
      {
        "column": "external_phone_id",
        "field": "externalPhoneId",
        "type": "text"
      },
      {
        "column": "account_sid",
        "field": "accountSid",
        "type": "text"
      },
      {
        "column": "display_name",
        "field": "displayName",
        "type": "text"
      },
      {
        "column": "is_active",
        "field": "isActive",
        "type": "boolean"
      },
      {
        "column": "connected_at",
        "field": "connectedAt",
        "type": "timestamptz"
      },
      {
        "column": "disconnected_at",
        "field": "disconnectedAt",
        "type": "timestamptz"
      }
    ]
  },
  "contactTable": {
    "table": "contact",
    "key": [
      "id"
    ],
    "columns": [
      {
        "column": "id",
        "field": "id",
        "type": "uuid"
      },
      {
        "column": "org_id",
        "field": "orgId",
        "type": "uuid"
      },
      {
        "column": "handle",
        "field": "handle",
        "type": "text"
      },
      {
        "column": "wa_id",
        "field": "waId",
        "type": "text"
      },
      {
        "column": "profile_name",
        "field": "profileName",
        "type": "text"
      },
      {
        "column": "first_seen_at",
        "field": "firstSeenAt",
        "type": "timestamptz"
      },
      {
        "column": "name",
        "field": "name",
        "type": "text"
      },
      {
        "column": "email",
        "field": "email",
        "type": "text"
      },
      {
        "column": "company",
        "field": "company",
        "type": "text"
      },
      {
        "column": "notes",
        "field": "notes",
        "type": "text"
      }
    ]
  },
  "conversationTable": {
    "table": "conversation",
    "key": [
      "id"
    ],
    "columns": [
      {
        "column": "id",
        "field": "id",
        "type": "uuid"
      },
      {
        "column": "org_id",
        "field": "orgId",
        "type": "uuid"
      },
      {
        "column": "chat_account_id",
        "field": "chatAccountId",
        "type": "uuid"
      },
      {
        "column": "contact_id",
        "field": "contactId",
        "type": "uuid"
      },
      {
        "column": "contact_handle",
        "field": "contactHandle",
        "type": "text"
      },
      {
        "column": "contact_display_name",
        "field": "contactDisplayName",
        "type": "text"
      },
      {
        "column": "last_message_id",
        "field": "lastMessageId",
        "type": "uuid"
      },
      {
        "column": "last_message_at",
        "field": "lastMessageAt",
        "type": "timestamptz"
      },
      {
        "column": "last_inbound_at",
        "field": "lastInboundAt",
        "type": "timestamptz"
      },
      {
        "column": "last_message_preview",
        "field": "lastMessagePreview",
        "type": "text"
      },
      {
        "column": "last_message_direction",
        "field": "lastMessageDirection",
        "type": "text"
      },
      {
        "column": "last_message_status",
        "field": "lastMessageStatus",
        "type": "text"
      },
      {
        "column": "unread_count",
        "field": "unreadCount",
        "type": "integer"
      },
      {
        "column": "marked_unread",
        "field": "markedUnread",
        "type": "boolean"
      },
      {
        "column": "muted",
        "field": "muted",
        "type": "boolean"
      },
      {
        "column": "muted_until",
        "field": "mutedUntil",
        "type": "timestamptz"
      },
      {
        "column": "status",
        "field": "status",
        "type": "text"
      },
      {
        "column": "created_at",
        "field": "createdAt",
        "type": "timestamptz"
      },
      {
        "column": "archived_at",
        "field": "archivedAt",
        "type": "timestamptz"
      },
      {
        "column": "snoozed_until",
        "field": "snoozedUntil",
        "type": "timestamptz"
      },
      {
        "column": "pinned",
        "field": "pinned",
        "type": "boolean"
      },
      {
        "column": "inbox_at",
        "field": "inboxAt",
        "type": "timestamptz"
      },
      {
        "column": "label_ids",
        "field": "labelIds",
        "type": "jsonb"
      }
    ]
  },
  "labelTable": {
    "table": "label",
    "key": [
      "id"
    ],
    "columns": [
      {
        "column": "id",
        "field": "id",
        "type": "uuid"
      },
      {
        "column": "org_id",
        "field": "orgId",
        "type": "uuid"
      },
      {
        "column": "name",
        "field": "name",
        "type": "text"
      },
      {
        "column": "colour",
        "field": "colour",
        "type": "text"
      },
      {
        "column": "created_at",
        "field": "createdAt",
        "type": "timestamptz"
      }
    ]
  },
  "conversationNoteTable": {
    "table": "conversation_note",
    "key": [
      "id"
    ],
    "columns": [
      {
        "column": "id",
        "field": "id",
        "type": "uuid"
      },
      {
        "column": "org_id",
        "field": "orgId",
        "type": "uuid"
      },
      {
        "column": "conversation_id",
        "field": "conversationId",
        "type": "uuid"
      },
      {
        "column": "author_id",
        "field": "authorId",
        "type": "text"
      },
      {
        "column": "body",
        "field": "body",
        "type": "text"
      },
      {
        "column": "created_at",
        "field": "createdAt",
        "type": "timestamptz"
      },
      {
        "column": "edited_at",
        "field": "editedAt",
        "type": "timestamptz"
      },
      {
        "column": "deleted_at",
        "field": "deletedAt",
        "type": "timestamptz"
      }
    ]
  },
  "messageTable": {
    "table": "message",
    "key": [
      "id"
    ],
    "columns": [
      {
        "column": "id",
        "field": "id",
        "type": "uuid"
      },
      {
        "column": "org_id",
        "field": "orgId",
        "type": "uuid"
      },
      {
        "column": "conversation_id",
        "field": "conversationId",
        "type": "uuid"
      },
      {
        "column": "direction",
        "field": "direction",
        "type": "text"
      },
      {
        "column": "provider_sid",
        "field": "providerSid",
        "type": "text"
      },
      {
        "column": "command_id",
        "field": "commandId",
        "type": "uuid"
      },
      {
        "column": "body",
        "field": "body",
        "type": "text"
      },
      {
        "column": "media",
        "field": "media",
        "type": "jsonb"
      },
      {
        "column": "kind",
        "field": "kind",
        "type": "text"
      },
      {
        "column": "details",
        "field": "details",
        "type": "jsonb"
      },
      {
        "column": "reply_to_sid",
        "field": "replyToSid",
        "type": "text"
      },
      {
        "column": "reaction",
        "field": "reaction",
        "type": "text"
      },
      {
        "column": "status",
        "field": "status",
        "type": "text"
      },
      {
        "column": "error_code",
        "field": "errorCode",
        "type": "text"
      },
      {
        "column": "error_message",
        "field": "errorMessage",
        "type": "text"
      },
      {
        "column": "failure_reason",
        "field": "failureReason",
        "type": "text"
      },
      {
        "column": "requested_by",
        "field": "requestedBy",
        "type": "text"
      },
      {
        "column": "sent_at",
        "field": "sentAt",
        "type": "timestamptz"
      },
      {
        "column": "status_at",
        "field": "statusAt",
        "type": "timestamptz"
      }
    ]
  },
  "pendingStatusTable": {
    "table": "pending_status",
    "key": [
      "org_id",
      "provider_sid"
    ],
    "columns": [
      {
        "column": "org_id",
        "field": "orgId",
        "type": "uuid"
      },
      {
        "column": "provider_sid",
        "field": "providerSid",
        "type": "text"
      },
      {
        "column": "conversation_id",
        "field": "conversationId",
        "type": "uuid"
      },
      {
        "column": "status",
        "field": "status",
        "type": "text"
      },
      {
        "column": "error_code",
        "field": "errorCode",
        "type": "text"
      },
      {
        "column": "error_message",
        "field": "errorMessage",
        "type": "text"
      },
      {
        "column": "reported_at",
        "field": "reportedAt",
        "type": "timestamptz"
      }
    ]
  },
  "savedReplyTable": {
    "table": "saved_reply",
    "key": [
      "id"
    ],
    "columns": [
      {
        "column": "id",
        "field": "id",
        "type": "uuid"
      },
      {
        "column": "org_id",
        "field": "orgId",
        "type": "uuid"
      },
      {
        "column": "name",
        "field": "name",
        "type": "text"
      },
      {
        "column": "shortcut",
        "field": "shortcut",
        "type": "text"
      },
      {
        "column": "body",
        "field": "body",
        "type": "text"
      },
      {
        "column": "created_at",
        "field": "createdAt",
        "type": "timestamptz"
      },
      {
        "column": "edited_at",
        "field": "editedAt",
        "type": "timestamptz"
      },
      {
        "column": "deleted_at",
        "field": "deletedAt",
        "type": "timestamptz"
      }
    ]
  },
  "checkpointTable": {
    "table": "projection_checkpoint",
    "key": [
      "projection",
      "stream",
      "partition"
    ],
    "columns": [
      {
        "column": "projection",
        "field": "projection",
        "type": "text"
      },
      {
        "column": "stream",
        "field": "stream",
        "type": "text"
      },
      {
        "column": "partition",
        "field": "partition",
        "type": "integer"
      },
      {
        "column": "last_seq",
        "field": "lastSeq",
        "type": "bigint"
      },
      {
        "column": "lease_epoch",
        "field": "leaseEpoch",
        "type": "bigint"
      },
      {
        "column": "updated_at",
        "field": "updatedAt",
        "type": "timestamptz"
      }
    ]
  },
  "quarantineTable": {
    "table": "quarantine",
    "key": [
      "seq"
    ],
    "columns": [
      {
        "column": "seq",
        "field": "seq",
        "type": "bigint"
      },
      {
        "column": "subject",
        "field": "subject",
        "type": "text"
      },
      {
        "column": "reason_code",
        "field": "reasonCode",
        "type": "text"
      },
      {
        "column": "reason",
        "field": "reason",
        "type": "text"
      },
      {
        "column": "payload",
        "field": "payload",
        "type": "bytea"
      },
      {
        "column": "at",
        "field": "at",
        "type": "timestamptz"
      }
    ]
  }
} as const;
