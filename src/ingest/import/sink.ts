/**
 * What format readers hand their records to. Guilds, channels and members are merged in memory (EntityDrafts) and
 * written when the file ends; messages, reactions and reaction counts are written in batches as they come, so an
 * import's memory does not grow with its file. Once the file has an error nothing more is written: the file's
 * transaction will be rolled back, and reading goes on only to report every problem at once.
 */
import { EntityDrafts } from './entity-drafts.js';
import type { IssueCollector } from './errors.js';
import type { ImportWriter, MessageLocation } from './import-writer.js';
import { planEntities } from './plan.js';
import type { ChannelDraft, ExistingRows, GuildDraft, MemberDraft, PostRecord, ReactionRecord, TallyRecord } from './types.js';

/** Messages per write batch: large enough to amortize the batch's savepoint, small enough to stay cache-warm. */
export const IMPORT_BATCH_SIZE = 2_000;
/** How often (in messages) progress is reported. */
export const PROGRESS_EVERY = 5_000;

export class ImportSink {
  readonly drafts = new EntityDrafts();
  readonly skipped = new Map<string, number>();
  readonly warnings: string[] = [];
  /** DCE CSV: the date format used (detected or given). */
  dateFormat: string | undefined;
  /** Ids the reader made up (see ImportSummary.invented). */
  invented: { guildId?: string; channelId?: string } | undefined;
  /** Messages read, written or not. */
  messages = 0;
  private posts: PostRecord[] = [];
  private reactions: ReactionRecord[] = [];
  private tallies: TallyRecord[] = [];
  /** Messages read since the last write, by id. */
  private pending = new Map<string, MessageLocation>();
  private readonly guildsToCreate: GuildDraft[] = [];

  constructor(
    private readonly writer: ImportWriter,
    private readonly existing: ExistingRows,
    private readonly issues: IssueCollector,
    private readonly now: number,
    private readonly onProgress: (messages: number) => void = () => {},
  ) {}

  guild(draft: GuildDraft): void {
    // A guild must be stored before its first message is; its name may still change (a JSONL guild record).
    if (this.drafts.addGuild(draft) && this.existing.guild(draft.id) === undefined) this.guildsToCreate.push(draft);
  }

  channel(draft: ChannelDraft): void {
    this.drafts.addChannel(draft);
  }

  member(draft: MemberDraft): void {
    this.drafts.addMember(draft);
  }

  /** Call before the message's reactions and counts, which are written in the same batch or a later one. */
  post(post: PostRecord): void {
    if (this.posts.length >= IMPORT_BATCH_SIZE) this.flush();
    this.posts.push(post);
    this.pending.set(post.id, { guildId: post.guildId, channel: post.threadId ?? post.channelId, authorId: post.authorId });
    this.messages += 1;
    if (this.messages % PROGRESS_EVERY === 0) this.onProgress(this.messages);
  }

  reaction(reaction: ReactionRecord): void {
    this.reactions.push(reaction);
  }

  tally(tally: TallyRecord): void {
    if (tally.count > 0) this.tallies.push(tally);
  }

  skip(reason: string, count = 1): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + count);
  }

  warn(text: string): void {
    this.warnings.push(text);
  }

  /** A message read earlier in this file, or a stored one. */
  message(id: string): MessageLocation | undefined {
    return this.pending.get(id) ?? this.writer.location(id);
  }

  isBot(guildId: string, userId: string): boolean {
    return this.drafts.isBot(guildId, userId) || this.existing.member(guildId, userId)?.isBot === true;
  }

  /** Writes what is left, then the guilds, channels and members. */
  finish(): void {
    this.flush();
    if (this.issues.total > 0) return;
    const planned = planEntities(this.drafts, this.existing, this.now, this.issues);
    if (this.issues.total === 0) this.writer.writeEntities(planned);
    this.onProgress(this.messages);
  }

  private flush(): void {
    // With an error in the file nothing is written, but where the messages read are is remembered, so that later
    // records that refer to them are not reported as dangling too.
    if (this.issues.total > 0) {
      this.posts = [];
      this.reactions = [];
      this.tallies = [];
      return;
    }
    if (this.guildsToCreate.length > 0) {
      this.writer.writeEntities(
        this.guildsToCreate.splice(0).map((draft) => ({
          op: { kind: 'guild', guild: { id: draft.id, name: draft.name ?? draft.id, ownerId: null, preferredLocale: 'en-US' }, at: this.now },
          // Counted when the file ends, with the name it ends with.
          creates: false,
        })),
      );
    }
    this.writer.writeMessages({ posts: this.posts, reactions: this.reactions, tallies: this.tallies });
    this.posts = [];
    this.reactions = [];
    this.tallies = [];
    this.pending = new Map();
  }
}
