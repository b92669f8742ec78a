import type {
  APIAttachment,
  APIApplicationCommand,
  APIEmbed,
  APIMessageInteractionMetadata,
  APIMessageInteraction,
  ChannelType,
  Locale,
  MessageType,
  OverwriteType,
  ThreadAutoArchiveDuration,
} from 'discord-api-types/v10';

/**
 * The fake's own record types. They hold exactly the state the fake simulates; the payload builders turn them into
 * discord-api-types objects. Times are ms since the Unix epoch.
 */

export interface UserRecord {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
  /** Set by `setDmsClosed`: the user does not accept DMs from the bot (Discord answers 50007). */
  dmsClosed: boolean;
  locale: Locale;
}

export interface RoleRecord {
  id: string;
  name: string;
  permissions: bigint;
  position: number;
  color: number;
  hoist: boolean;
  mentionable: boolean;
  managed: boolean;
}

export interface MemberRecord {
  userId: string;
  nick: string | null;
  roleIds: string[];
  joinedAt: number;
}

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  preferredLocale: Locale;
  /** Where Discord posts join and boost notices (Server Settings → Overview → System Messages Channel). */
  systemChannelId: string | null;
  roles: Map<string, RoleRecord>;
  /** Insertion-ordered; the bot's own member is here exactly while the bot is in the guild. */
  members: Map<string, MemberRecord>;
  /** Commands registered for this guild only, by id. */
  commands: Map<string, APIApplicationCommand>;
}

export interface OverwriteRecord {
  id: string;
  type: OverwriteType;
  allow: bigint;
  deny: bigint;
}

/** Guild channel types the fake can create directly (threads have their own record). */
export type GuildChannelKind =
  | ChannelType.GuildText
  | ChannelType.GuildAnnouncement
  | ChannelType.GuildVoice
  | ChannelType.GuildStageVoice
  | ChannelType.GuildCategory
  | ChannelType.GuildForum
  | ChannelType.GuildMedia;

export type ThreadKind = ChannelType.PublicThread | ChannelType.PrivateThread | ChannelType.AnnouncementThread;

export interface GuildChannelRecord {
  kind: 'guild';
  id: string;
  guildId: string;
  type: GuildChannelKind;
  name: string;
  position: number;
  parentId: string | null;
  nsfw: boolean;
  topic: string | null;
  rateLimitPerUser: number;
  overwrites: OverwriteRecord[];
  lastMessageId: string | null;
}

export interface ThreadRecord {
  kind: 'thread';
  id: string;
  guildId: string;
  type: ThreadKind;
  name: string;
  parentId: string;
  ownerId: string;
  archived: boolean;
  locked: boolean;
  invitable: boolean;
  autoArchiveDuration: ThreadAutoArchiveDuration;
  archivedAt: number;
  createdAt: number;
  /** Thread members by user id, with the time they joined. */
  memberJoinedAt: Map<string, number>;
  /** Messages currently in the thread, excluding the starter message of a thread made from a message. */
  messageCount: number;
  totalMessageSent: number;
  appliedTags: string[];
  rateLimitPerUser: number;
  lastMessageId: string | null;
}

export interface DmChannelRecord {
  kind: 'dm';
  id: string;
  recipientId: string;
  lastMessageId: string | null;
}

export type ChannelRecord = GuildChannelRecord | ThreadRecord | DmChannelRecord;

/** `name` is the unicode emoji itself, or a custom emoji's name; `id` is set for custom emojis only. */
export interface EmojiRef {
  id: string | null;
  name: string;
  animated: boolean;
}

export interface ReactionRecord {
  emoji: EmojiRef;
  /** Users who reacted, in the order they reacted. */
  userIds: string[];
}

export interface MessageRecord {
  id: string;
  channelId: string;
  guildId: string | null;
  authorId: string;
  content: string;
  createdAt: number;
  editedAt: number | null;
  type: MessageType;
  flags: number;
  tts: boolean;
  pinned: boolean;
  nonce: string | number | null;
  mentionUserIds: string[];
  mentionRoleIds: string[];
  mentionEveryone: boolean;
  attachments: APIAttachment[];
  embeds: APIEmbed[];
  /** Components exactly as the bot sent them; the spec schema checked their shape when the request came in. */
  components: unknown[];
  reference: { messageId: string; channelId: string; guildId: string | null } | null;
  reactions: ReactionRecord[];
  webhookId: string | null;
  applicationId: string | null;
  interactionMetadata: APIMessageInteractionMetadata | null;
  interaction: APIMessageInteraction | null;
  /** The thread started from this message, if any. */
  threadId: string | null;
}
