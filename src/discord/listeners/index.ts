import type { Listener } from './define.js';
import { channelCreateRecordChannel } from './channelCreateRecordChannel.js';
import { channelDeleteRecordDeletion } from './channelDeleteRecordDeletion.js';
import { channelUpdateRecordChannel } from './channelUpdateRecordChannel.js';
import { guildCreateSyncGuild } from './guildCreateSyncGuild.js';
import { guildDeleteRecordLeave } from './guildDeleteRecordLeave.js';
import { guildMemberAddRecordMember } from './guildMemberAddRecordMember.js';
import { guildMemberRemoveRecordLeave } from './guildMemberRemoveRecordLeave.js';
import { guildMemberUpdateRecordMember } from './guildMemberUpdateRecordMember.js';
import { messageCreateRecordPost } from './messageCreateRecordPost.js';
import { messageDeleteBulkRecordDeletion } from './messageDeleteBulkRecordDeletion.js';
import { messageDeleteRecordDeletion } from './messageDeleteRecordDeletion.js';
import { messageReactionAddRecordReaction } from './messageReactionAddRecordReaction.js';
import { messageReactionRemoveAllRecordRemoval } from './messageReactionRemoveAllRecordRemoval.js';
import { messageReactionRemoveEmojiRecordRemoval } from './messageReactionRemoveEmojiRecordRemoval.js';
import { messageReactionRemoveRecordRemoval } from './messageReactionRemoveRecordRemoval.js';
import { messageUpdateRecordEdit } from './messageUpdateRecordEdit.js';
import { shardReadySyncGuilds } from './shardReadySyncGuilds.js';
import { threadCreateRecordThread } from './threadCreateRecordThread.js';
import { threadDeleteRecordDeletion } from './threadDeleteRecordDeletion.js';
import { threadUpdateRecordThread } from './threadUpdateRecordThread.js';

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
