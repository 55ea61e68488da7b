export {
  AUTO_REPLY_KINDS,
  AUTO_REPLY_REQUESTERS,
  type AutoReplyKind,
  autoReplyKindOf,
} from "./auto-replies/auto-reply-kind.js";
export {
  type AutoReply,
  type AutoReplySettings,
  type AwayTemplate,
  autoReplySchema,
  autoReplySettingsSchema,
  awayTemplateSchema,
  DEFAULT_AUTO_REPLY_SETTINGS,
  minutesOfDay,
  timeOfDaySchema,
  timeZoneSchema,
  WEEKDAYS,
  type Weekday,
  type WeeklyHours,
  type WorkingDay,
  weeklyHoursSchema,
  workingDaySchema,
} from "./auto-replies/auto-reply-settings.js";
export { type ChannelRecord, channelKeyOf, channelRecordSchema } from "./channels/channel-record.js";
export { credentialsKeySchema, generateCredentialsKey, openSecret, sealSecret } from "./channels/credentials.js";
export {
  commandIdOfPayload,
  orgIdOfCommandSubject,
  type QuarantinedCommand,
  quarantinedCommandKeyOf,
  quarantinedCommandSchema,
  quarantinedCommandStatusSchema,
} from "./commands/quarantined-command.js";
export {
  type CloudpaCommand,
  cloudpaCommandSchema,
  MAX_REPLY_LENGTH,
  REPLY_TOO_LONG_MESSAGE,
  replyLengthOf,
  replyTextSchema,
  type SendReply,
  sendReplySchema,
} from "./commands/send-reply.js";
export { type Decider, decideThenEvolve } from "./core/decider.js";
export { envParts, parseEnv } from "./env/common-env.js";
export { localInstallEnvSchema } from "./env/local-install-env.js";
export { localEventPublicKeys } from "./env/local-keyring.js";
export {
  type IngressEnv,
  ingressEnvSchema,
  type OutboundEnv,
  outboundEnvSchema,
  type ProjectorEnv,
  projectorEnvSchema,
  type TwilioSimEnv,
  twilioSimEnvSchema,
  type WebEnv,
  webEnvSchema,
} from "./env/service-env.js";
export { MAX_BATCH_SIZE } from "./envelope/batch-position.js";
export {
  encodeMessage,
  type HeaderLookup,
  openCommand,
  openEvent,
  type SignedMessage,
  signBatch,
  signEncodedBatch,
  signMessage,
} from "./envelope/envelope.js";
export { EnvelopeError, type EnvelopeErrorCode } from "./envelope/envelope-error.js";
export {
  type GeneratedKey,
  generateSigningKey,
  HEADER_BATCH,
  HEADER_KEY_ID,
  HEADER_SIGNATURE,
  type Keyring,
  keyringOf,
  PRODUCER_TYPES,
  type Producer,
  parseSigningKey,
  publicKeysSchema,
  type SignedType,
  type SigningKey,
  signingKeySchema,
  type TrustedKey,
} from "./envelope/keys.js";
export { legacyInboundMsgIdOf, msgIdOf, subjectKindOf, subjectOf } from "./envelope/msg-id.js";
export { VerifiedRoots } from "./envelope/verified-roots.js";
export {
  type ChannelConnected,
  channelConnectedSchema,
  E164_NUMBER,
  e164WhatsappHandle,
} from "./events/channel-connected.js";
export { type ChannelDisconnected, channelDisconnectedSchema } from "./events/channel-disconnected.js";
export { type CloudpaEvent, type CloudpaEventType, cloudpaEventSchema } from "./events/cloudpa-event.js";
export {
  isoTimestamp,
  isUuid,
  type MediaItem,
  type MessageStatus,
  mediaItemSchema,
  messageStatusSchema,
  twilioSid,
  uuid,
  whatsappHandle,
} from "./events/common.js";
export {
  CONTACT_DETAIL_LIMITS,
  type ContactDetailField,
  type ContactDetails,
  type ContactDetailsUpdated,
  contactDetailsSchema,
  contactDetailsUpdatedSchema,
} from "./events/contact-details.js";
export { type ContactErased, contactErasedSchema, contactErasedSubject } from "./events/contact-erased.js";
export {
  type ConversationNoteEvent,
  type ConversationNoteEventType,
  MAX_NOTE_LENGTH,
  type NoteAdded,
  type NoteDeleted,
  type NoteEdited,
  noteAddedSchema,
  noteDeletedSchema,
  noteEditedSchema,
  noteTextSchema,
} from "./events/conversation-notes.js";
export {
  type ConversationArchived,
  type ConversationMarkedUnread,
  type ConversationMuted,
  type ConversationOrganized,
  type ConversationOrganizedType,
  type ConversationPinned,
  type ConversationSnoozed,
  type ConversationUnarchived,
  type ConversationUnmuted,
  type ConversationUnpinned,
  conversationArchivedSchema,
  conversationMarkedUnreadSchema,
  conversationMutedSchema,
  conversationPinnedSchema,
  conversationSnoozedSchema,
  conversationUnarchivedSchema,
  conversationUnmutedSchema,
  conversationUnpinnedSchema,
} from "./events/conversation-organized.js";
export { type ConversationRead, conversationReadSchema } from "./events/conversation-read.js";
export { type InboundMediaStored, inboundMediaStoredSchema } from "./events/inbound-media-stored.js";
export { type InboundMessageReceived, inboundMessageReceivedSchema } from "./events/inbound-message-received.js";
export {
  type ConversationLabelChanged,
  type ConversationLabelled,
  type ConversationUnlabelled,
  conversationLabelledSchema,
  conversationUnlabelledSchema,
  LABEL_COLOURS,
  LABEL_EVENT_KINDS,
  type LabelChanged,
  type LabelColour,
  type LabelCreated,
  type LabelDeleted,
  type LabelEvent,
  type LabelEventKind,
  type LabelRecoloured,
  type LabelRenamed,
  labelColourSchema,
  labelCreatedSchema,
  labelDeletedSchema,
  labelEventSubject,
  labelNameSchema,
  labelRecolouredSchema,
  labelRenamedSchema,
  MAX_LABEL_NAME,
} from "./events/label-events.js";
export {
  inboundKindOf,
  MESSAGE_KINDS,
  type MessageDetails,
  type MessageKind,
  messageDetailsSchema,
  messageKindSchema,
  messageLocationSchema,
} from "./events/message-kind.js";
export {
  kindPreviewOf,
  mediaPreviewOf,
  messagePreviewOf,
  type PreviewedMedia,
  previewOf,
} from "./events/message-preview.js";
export { type MessageStatusUpdated, messageStatusUpdatedSchema } from "./events/message-status-updated.js";
export {
  type ReplyFailed,
  type ReplyFailureReason,
  replyFailedSchema,
  replyFailureReasonSchema,
} from "./events/reply-failed.js";
export { type ReplySent, replySentSchema } from "./events/reply-sent.js";
export {
  MAX_SAVED_REPLY_BODY,
  MAX_SAVED_REPLY_NAME,
  MAX_SAVED_REPLY_SHORTCUT,
  SAVED_REPLY_EVENT_KINDS,
  type SavedReplyCreated,
  type SavedReplyDeleted,
  type SavedReplyEdited,
  type SavedReplyEvent,
  type SavedReplyEventKind,
  savedReplyBodySchema,
  savedReplyCreatedSchema,
  savedReplyDeletedSchema,
  savedReplyEditedSchema,
  savedReplyEventSubject,
  savedReplyNameSchema,
  savedReplyShortcutSchema,
} from "./events/saved-reply-events.js";
export {
  autoReplyCommandIdFor,
  channelIdFor,
  commandIdFor,
  contactIdFor,
  conversationIdFor,
  DEFAULT_ORG_ID,
  eventIdFor,
  uuidv5,
} from "./ids.js";
export { type LiveNotice, liveNoticeSchema } from "./live/live-notice.js";
export {
  baseContentType,
  checkSendableMedia,
  formatMediaLimit,
  MAX_SEND_MEDIA,
  MEDIA_SIZE_LIMITS,
  type MediaCheck,
  type MediaKind,
  mediaKindOf,
  SENDABLE_MEDIA_TYPES,
} from "./media/media-limits.js";
export {
  generateMediaUrlKey,
  MEDIA_URL_PREFIX,
  type MediaObjectRef,
  mediaUrlKeySchema,
  signMediaPath,
  verifyMediaPath,
} from "./media/signed-media-url.js";
export {
  inboundMediaIdFor,
  type StoredMedia,
  sendMediaListSchema,
  storedMediaSchema,
} from "./media/stored-media.js";
export {
  type ChannelEventKind,
  type CloudpaNames,
  type CloudpaNamesOptions,
  type CloudpaStreamNames,
  type ConversationEventKind,
  cloudpaNames,
  DEFAULT_NAMESPACE,
  namespaceSchema,
} from "./names.js";
export { type EventSubjectAbout, type EventSubjectParts, parseEventSubject } from "./partitions/event-subject.js";
export {
  DEFAULT_EVENT_PARTITIONS,
  eventPartitionsSchema,
  fnv1a32,
  MAX_EVENT_PARTITIONS,
  partitionOf,
  partitionToken,
} from "./partitions/partition-of.js";
export {
  EVENT_PARTITIONS_KEY,
  PARTITIONED_SINCE_KEY,
  type PartitionedSince,
  parseEventPartitions,
  partitionedSinceSchema,
} from "./partitions/partitions-config.js";
export {
  DEFAULT_PUSH_SERVICE_HOSTS,
  isPushServiceEndpoint,
  pushServiceHostsSchema,
} from "./push/push-service-hosts.js";
export { generateVapidPrivateKey, type VapidKeys, vapidKeysOf, vapidPrivateKeySchema } from "./push/vapid-key.js";
export { missingTemplateVariables, renderTemplate, templateVariablesOf } from "./templates/render-template.js";
export {
  contentSidSchema,
  MAX_TEMPLATE_VARIABLE_LENGTH,
  MAX_TEMPLATE_VARIABLES,
  type TemplateSend,
  templateSendSchema,
  templateVariablesSchema,
} from "./templates/template-send.js";
export {
  buttonFromWebhook,
  extraParamsOf,
  firstValuesOf,
  listReplyFromWebhook,
  locationFromWebhook,
  MAX_MEDIA_ITEMS,
  mediaFromWebhook,
  type TwilioInboundWebhook,
  twilioInboundWebhookSchema,
} from "./twilio/inbound-webhook.js";
export {
  incomingPhoneNumbersPath,
  TWILIO_WHATSAPP_SANDBOX,
  type TwilioIncomingPhoneNumber,
  type TwilioIncomingPhoneNumbersPage,
  twilioIncomingPhoneNumberSchema,
  twilioIncomingPhoneNumbersPageSchema,
} from "./twilio/incoming-phone-numbers.js";
export {
  type TwilioError,
  type TwilioMessageResource,
  twilioErrorSchema,
  twilioMessageResourceSchema,
} from "./twilio/message-resource.js";
export { TWILIO_RETRY_OVERRIDES, twilioSignature, webhookPaths, webhookUrlsFor } from "./twilio/signature.js";
export {
  statusExtraParamsOf,
  type TwilioStatusCallback,
  twilioStatusCallbackSchema,
} from "./twilio/status-callback.js";
export { MAX_VCARD_BYTES, parseVCard, type SharedContact } from "./vcard/parse-vcard.js";
