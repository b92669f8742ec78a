/**
 * The scripted moments of a simulated week, performed the way members and moderators would: slash commands,
 * context menus and button presses through the fake Discord, answered by the real bot. Each moment fires once, at
 * the first simulation step at or after its time; what the bot answered is kept for the caller to show.
 */
import {
  ApplicationCommandOptionType,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIApplicationCommandInteractionDataOption,
  type APIMessage,
} from 'discord-api-types/v10';
import { type Community } from './community.js';
import type { FakeDiscord, InteractionHandle } from '../sim/index.js';
import type { PlayedCommunity } from './play-community.js';
import { finalReply, type ShownMessage } from './reply-text.js';
import { seededRandom } from '../lib/random.js';
import { compareSnowflakes } from '../lib/snowflake.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface GuildScriptOptions {
  fake: FakeDiscord;
  community: Community;
  played: PlayedCommunity;
  /** When the bot joined: the script's times are relative to it. */
  arrival: number;
  /** UTC hour at which the daily digest goes out. */
  digestHour: number;
  /** Members who ask for their digest by DM. */
  dmMembers: number;
  seed: number;
}

interface Moment {
  at: number;
  name: string;
  run: () => Promise<void>;
}

/** Slash-command options, typed as Discord sends them. */
export const option = {
  string: (name: string, value: string) => ({ type: ApplicationCommandOptionType.String as const, name, value }),
  integer: (name: string, value: number) => ({ type: ApplicationCommandOptionType.Integer as const, name, value }),
  channel: (name: string, value: string) => ({ type: ApplicationCommandOptionType.Channel as const, name, value }),
  subcommand: (name: string, options: APIApplicationCommandInteractionDataBasicOption[]): APIApplicationCommandInteractionDataOption => ({
    type: ApplicationCommandOptionType.Subcommand,
    name,
    options,
  }),
};

export class GuildScript {
  readonly #o: GuildScriptOptions;
  readonly #moments: Moment[];
  readonly #done = new Set<string>();
  readonly #random: () => number;
  /** Replies and problems the script met (a refusal the script did not expect is a failure of the demo). */
  readonly problems: string[] = [];
  readonly dmMemberIds: string[];
  readonly moderatorId: string;
  readonly ownerId: string;
  readonly spamPosts: { id: string; channelKey: string }[] = [];
  contestId: number | null = null;
  votes = 0;
  flags = 0;
  reports = 0;

  constructor(options: GuildScriptOptions) {
    this.#o = options;
    this.#random = seededRandom(options.seed ^ 0x5eed);
    const { fake, played, community, arrival } = options;
    this.ownerId = fake.guild(played.guildId)?.owner_id ?? '';
    const moderator = [...played.memberIds.entries()].find(([, id]) =>
      fake.members(played.guildId).some((m) => m.user.id === id && m.roles.includes(played.moderatorRoleId)),
    );
    this.moderatorId = moderator?.[1] ?? this.ownerId;
    // Members who talk a fair amount but are not the busiest: the ones a digest is for.
    this.dmMemberIds = [...community.members]
      .sort((a, b) => b.activity - a.activity || a.key.localeCompare(b.key))
      .slice(3, 3 + options.dmMembers)
      .map((m) => played.memberIds.get(m.key) as string);
    this.#moments = [
      { at: arrival + HOUR, name: 'digest setup', run: () => this.#setUpDigest() },
      { at: arrival + DAY + 10 * HOUR, name: 'contest', run: () => this.#createContest() },
      { at: arrival + 4 * DAY + 14 * HOUR, name: 'spam', run: async () => this.#spam() },
      { at: arrival + 4 * DAY + 16 * HOUR, name: 'flags', run: () => this.#flagSpam() },
    ];
  }

  /** Runs the moments that are due, then votes in a contest whose voting has opened. Call at each step's end. */
  async onStep(at: number): Promise<void> {
    for (const moment of this.#moments) {
      if (moment.at > at || this.#done.has(moment.name)) continue;
      this.#done.add(moment.name);
      await moment.run();
    }
    if (this.contestId !== null && !this.#done.has('votes')) {
      const ballot = this.votingMessage();
      if (ballot) {
        this.#done.add('votes');
        await this.#vote(ballot);
      }
    }
  }

  slash(userId: string, name: string, options: APIApplicationCommandInteractionDataOption[] = [], channelKey = 'general'): InteractionHandle {
    const { fake, played } = this.#o;
    return fake.invokeSlashCommand({ guildId: played.guildId, channelId: this.channelId(channelKey), userId, name, options });
  }

  channelId(key: string): string {
    return this.#o.played.channelIds.get(key) as string;
  }

  /** The bot's voting announcement for the script's contest, once posted. */
  votingMessage(): APIMessage | undefined {
    return this.#botMessagesIn('art').find((m) => (m.components ?? []).length > 0 && m.content.includes(`#${this.contestId}`));
  }

  /** The bot's results announcement for the script's contest, once posted. */
  resultsMessage(): APIMessage | undefined {
    const ballot = this.votingMessage();
    if (!ballot) return undefined;
    // The announcement after the ballot that names the contest and has no buttons.
    return this.#botMessagesIn('art').find(
      (m) => compareSnowflakes(m.id, ballot.id) > 0 && m.content.includes(`#${this.contestId}`) && (m.components ?? []).length === 0,
    );
  }

  #botMessagesIn(key: string): APIMessage[] {
    const { fake } = this.#o;
    return fake.messages(this.channelId(key)).filter((m) => m.author.id === fake.botUserId);
  }

  async #expect(what: string, handle: InteractionHandle, pattern: RegExp): Promise<ShownMessage> {
    const reply = await finalReply(handle);
    const text = `${reply.content ?? ''} ${JSON.stringify(reply.embeds ?? [])}`;
    if (!pattern.test(text)) this.problems.push(`${what}: unexpected reply ${JSON.stringify(reply.content ?? reply.embeds)}`);
    return reply;
  }

  async #setUpDigest(): Promise<void> {
    const problems = await setUpDigest(this.#o.fake, {
      guildId: this.#o.played.guildId,
      ownerId: this.ownerId,
      channelId: this.channelId('general'),
      hour: this.#o.digestHour,
      dmMemberIds: this.dmMemberIds,
    });
    this.problems.push(...problems);
  }

  async #createContest(): Promise<void> {
    const reply = await this.#expect(
      '/contest-admin create',
      this.slash(
        this.moderatorId,
        'contest-admin',
        [
          option.subcommand('create', [
            option.string('title', 'Colour study week'),
            option.string('theme', 'Post one colour study in #art; the community votes'),
            option.channel('channel', this.channelId('art')),
            option.string('submission-ends', '2d'),
            option.string('voting-ends', '4d'),
            option.integer('votes-per-member', 2),
          ]),
        ],
        'art',
      ),
      /Contest #\d+/,
    );
    const id = /Contest #(\d+)/.exec(reply.content ?? '')?.[1];
    this.contestId = id === undefined ? null : Number(id);
  }

  #spam(): void {
    const { fake, played } = this.#o;
    const spammer = fake.addMember(played.guildId, { username: 'promo_deals' }).user.id;
    played.memberIds.set('spammer', spammer);
    for (const channelKey of ['general', 'code', 'games']) {
      const message = fake.postMessage({ channelId: this.channelId(channelKey), authorId: spammer, content: 'BUY followers cheap!!! dm me for deals' });
      this.spamPosts.push({ id: message.id, channelKey });
    }
  }

  async #flagSpam(): Promise<void> {
    const { fake, played } = this.#o;
    const [first, second, third] = this.spamPosts;
    const menu = (userId: string, name: string, post: { id: string; channelKey: string }) =>
      fake.invokeMessageContextMenu({ guildId: played.guildId, channelId: this.channelId(post.channelKey), userId, name, targetMessageId: post.id });
    // Two posts flagged by a moderator, the third reported by two members.
    for (const post of [first, second]) {
      if (post === undefined) continue;
      await this.#expect('Flag low quality', menu(this.moderatorId, 'Flag low quality', post), /Flagged for review/);
      this.flags += 1;
    }
    for (const reporter of this.dmMemberIds.slice(0, 2)) {
      if (third === undefined) continue;
      await this.#expect('Report', menu(reporter, 'Report', third), /moderators will take a look/);
      this.reports += 1;
    }
  }

  async #vote(ballot: APIMessage): Promise<void> {
    const { fake, played, community } = this.#o;
    const buttons = customIdsIn(ballot.components ?? []);
    if (buttons.length === 0) return;
    for (const member of community.members) {
      const userId = played.memberIds.get(member.key) as string;
      // Members who care about art vote; the rest mostly do not.
      if (this.#random() > 0.2 + (member.interests[1] ?? 0)) continue;
      const choice = buttons[Math.floor(this.#random() * buttons.length)] as string;
      const handle = fake.clickButton({ guildId: played.guildId, channelId: this.channelId('art'), userId, messageId: ballot.id, customId: choice });
      const reply = await finalReply(handle);
      if (/counted/.test(reply.content ?? '')) this.votes += 1;
    }
  }
}

/** Custom ids of the buttons in a message's action rows, in order. */
function customIdsIn(rows: readonly unknown[]): string[] {
  return (rows as { components?: { custom_id?: unknown }[] }[]).flatMap((row) =>
    (row.components ?? []).flatMap((c) => (typeof c.custom_id === 'string' ? [c.custom_id] : [])),
  );
}

/**
 * An admin sets up the daily digest (`/digest setup`) and members ask for theirs by DM (`/digest mode dm`).
 * Returns what went differently than a member would expect.
 */
export async function setUpDigest(
  fake: FakeDiscord,
  setup: { guildId: string; ownerId: string; channelId: string; hour: number; dmMemberIds: readonly string[] },
): Promise<string[]> {
  const problems: string[] = [];
  const run = async (what: string, userId: string, command: string, options: APIApplicationCommandInteractionDataOption[], pattern: RegExp) => {
    const reply = await finalReply(fake.invokeSlashCommand({ guildId: setup.guildId, channelId: setup.channelId, userId, name: command, options }));
    if (!pattern.test(reply.content ?? '')) problems.push(`${what}: unexpected reply ${JSON.stringify(reply.content)}`);
  };
  await run(
    '/settings digest',
    setup.ownerId,
    'settings',
    [option.subcommand('digest', [option.channel('channel', setup.channelId), option.integer('hour', setup.hour), option.integer('size', 5)])],
    /daily digest goes to/,
  );
  for (const member of setup.dmMemberIds) {
    await run('/digest mode dm', member, 'digest', [option.subcommand('mode', [option.string('mode', 'dm')])], /direct message/);
  }
  return problems;
}
