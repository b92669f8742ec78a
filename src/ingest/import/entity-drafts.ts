import type { ChannelDraft, GuildDraft, MemberDraft } from './types.js';

/**
 * The guilds, channels and members one file refers to, merged: an author appears on every message, a channel in
 * every thread export of it, and the planner (plan.ts) must see each once. They are few (members, not messages),
 * so they stay in memory for the file and are written when it ends; messages stream past them.
 */
export class EntityDrafts {
  readonly guilds = new Map<string, GuildDraft>();
  readonly channels = new Map<string, ChannelDraft>();
  readonly members = new Map<string, MemberDraft>();

  /** True the first time a guild is seen. */
  addGuild(draft: GuildDraft): boolean {
    const known = this.guilds.get(draft.id);
    if (known === undefined) {
      this.guilds.set(draft.id, { ...draft });
      return true;
    }
    if (draft.name !== null) known.name = draft.name;
    return false;
  }

  addChannel(draft: ChannelDraft): void {
    const known = this.channels.get(draft.id);
    if (known === undefined || draft.explicit || (!known.explicit && known.kind === 'other' && draft.kind !== 'other')) {
      // A declaration beats an inference, and a known kind beats the placeholder a thread's parent gets.
      const createdAt = known === undefined ? draft.createdAt : Math.min(known.createdAt, draft.createdAt);
      this.channels.set(draft.id, { ...draft, createdAt });
    } else {
      known.createdAt = Math.min(known.createdAt, draft.createdAt);
    }
  }

  addMember(draft: MemberDraft): void {
    const key = memberKey(draft.guildId, draft.userId);
    const known = this.members.get(key);
    if (known === undefined) {
      this.members.set(key, { ...draft });
      return;
    }
    // Declarations win over what exports imply; among equals the most recent record describes the member now.
    const replace = draft.explicit !== known.explicit ? draft.explicit : draft.seenAt >= known.seenAt;
    if (replace) {
      this.members.set(key, {
        ...draft,
        joinedAt: draft.joinedAt === undefined ? known.joinedAt : draft.joinedAt,
        displayName: draft.displayName === undefined ? known.displayName : draft.displayName,
        // Being a bot is a property of the account: once any record says so, it is one.
        isBot: draft.isBot || known.isBot,
      });
    } else {
      known.isBot ||= draft.isBot;
    }
  }

  isBot(guildId: string, userId: string): boolean {
    return this.members.get(memberKey(guildId, userId))?.isBot === true;
  }
}

export function memberKey(guildId: string, userId: string): string {
  return `${guildId}:${userId}`;
}
