import type { Listener } from './listener.js';
import { channelCreateRecordChannel } from './listeners/channelCreateRecordChannel.js';
import { channelDeleteRecordDeletion } from './listeners/channelDeleteRecordDeletion.js';
import { channelUpdateRecordChannel } from './listeners/channelUpdateRecordChannel.js';
import { guildCreateSyncGuild } from './listeners/guildCreateSyncGuild.js';
import { guildDeleteRecordLeave } from './listeners/guildDeleteRecordLeave.js';
import { guildMemberAddRecordMember } from './listeners/guildMemberAddRecordMember.js';
import { guildMemberRemoveRecordLeave } from './listeners/guildMemberRemoveRecordLeave.js';
import { guildMemberUpdateRecordMember } from './listeners/guildMemberUpdateRecordMember.js';
import { messageCreateRecordPost } from './listeners/messageCreateRecordPost.js';
import { messageDeleteBulkRecordDeletion } from './listeners/messageDeleteBulkRecordDeletion.js';
import { messageDeleteRecordDeletion } from './listeners/messageDeleteRecordDeletion.js';
import { messageReactionAddRecordReaction } from './listeners/messageReactionAddRecordReaction.js';
import { messageReactionRemoveAllRecordRemoval } from './listeners/messageReactionRemoveAllRecordRemoval.js';
import { messageReactionRemoveEmojiRecordRemoval } from './listeners/messageReactionRemoveEmojiRecordRemoval.js';
import { messageReactionRemoveRecordRemoval } from './listeners/messageReactionRemoveRecordRemoval.js';
import { messageUpdateRecordEdit } from './listeners/messageUpdateRecordEdit.js';
import { shardReadySyncGuilds } from './listeners/shardReadySyncGuilds.js';
import { threadCreateRecordThread } from './listeners/threadCreateRecordThread.js';
import { threadDeleteRecordDeletion } from './listeners/threadDeleteRecordDeletion.js';
import { threadUpdateRecordThread } from './listeners/threadUpdateRecordThread.js';

/** Every listener that records guild activity. */
export const recordingListeners: readonly Listener[] = [
  shardReadySyncGuilds,
  guildCreateSyncGuild,
  guildDeleteRecordLeave,
  guildMemberAddRecordMember,
  guildMemberUpdateRecordMember,
  guildMemberRemoveRecordLeave,
  channelCreateRecordChannel,
  channelUpdateRecordChannel,
  channelDeleteRecordDeletion,
  threadCreateRecordThread,
  threadUpdateRecordThread,
  threadDeleteRecordDeletion,
  messageCreateRecordPost,
  messageUpdateRecordEdit,
  messageDeleteRecordDeletion,
  messageDeleteBulkRecordDeletion,
  messageReactionAddRecordReaction,
  messageReactionRemoveRecordRemoval,
  messageReactionRemoveAllRecordRemoval,
  messageReactionRemoveEmojiRecordRemoval,
] as Listener[];
