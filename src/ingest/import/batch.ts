import type { ChannelDraft, GuildDraft, MemberDraft, PostRecord, ReactionRecord, TallyRecord } from './types.js';

/**
 * Everything one file contributes, before it is compared with the database. Format readers fill it; the planner
 * (plan.ts) turns it into ops. Entities a file mentions many times (an author on every message) are merged here,
 * so the planner sees each once.
 */
export class ImportBatch {
  readonly guilds = new Map<string, GuildDraft>();
  readonly channels = new Map<string, ChannelDraft>();
  readonly members = new Map<string, MemberDraft>();
  readonly posts: PostRecord[] = [];
  readonly reactions: ReactionRecord[] = [];
  readonly tallies: TallyRecord[] = [];
  readonly skipped = new Map<string, number>();
  readonly warnings: string[] = [];
  dateFormat: string | undefined;

  addGuild(draft: GuildDraft): void {
    const known = this.guilds.get(draft.id);
    if (known === undefined) this.guilds.set(draft.id, { ...draft });
    else if (draft.name !== null) known.name = draft.name;
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

  addPost(post: PostRecord): void {
    this.posts.push(post);
  }

  addReaction(reaction: ReactionRecord): void {
    this.reactions.push(reaction);
  }

  addTally(tally: TallyRecord): void {
    if (tally.count > 0) this.tallies.push(tally);
  }

  skip(reason: string, count = 1): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + count);
  }
}

export function memberKey(guildId: string, userId: string): string {
  return `${guildId}:${userId}`;
}
