/**
 * GIVEN the real bot recording a guild in the fake Discord, THEN digests and /recommend say what each post is: the
 * thread or forum post title, a safe first-line snippet where text is stored and the admin allows it, the media it
 * carries, replies and reactions; the community digest is one embed grouped by channel and is not posted on a day with
 * nothing in it; and reasons name what happened (a reply is not a reaction).
 */
import { ApplicationCommandOptionType, ChannelType, InteractionResponseType, type APIEmbed } from 'discord-api-types/v10';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningBot } from '../../src/app/bot.js';
import type { FakeDiscord } from '../../src/sim/index.js';
import { SimulatedScheduler } from '../../src/tasks/simulated-scheduler.js';
import { eventually, registerCommandsIn, rows } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';
import { botPostsIn, digestSetup, makeTodaysDigestDue, subcommand } from '../helpers/digest.js';
import { popularityRanker } from '../helpers/rankers.js';

const HOUR = 3_600_000;
describe('what digests and /recommend say about a post', () => {
  const world = botWorld();
  let fake: FakeDiscord;
  let bot: RunningBot;
  let clock: number;
  let guildId: string;
  let general: string;
  let help: string;
  let digestChannel: string;
  let people: Record<'ann' | 'ben' | 'cat' | 'dan', string>;

  beforeEach(() => {
    clock = Date.now();
    fake = world.fake;
    guildId = fake.createGuild({ name: 'Preview Guild' }).id;
    general = fake.createChannel(guildId, { name: 'general', type: ChannelType.GuildText }).id;
    help = fake.createChannel(guildId, { name: 'help', type: ChannelType.GuildForum }).id;
    digestChannel = fake.createChannel(guildId, { name: 'digest', type: ChannelType.GuildText }).id;
    const add = (username: string) => fake.addMember(guildId, { username }).user.id;
    people = { ann: add('ann'), ben: add('ben'), cat: add('cat'), dan: add('dan') };
  });

  const where = () => ({ guildId, channelId: general });
  const ownerId = () => fake.guild(guildId)?.owner_id as string;

  async function start(): Promise<RunningBot> {
    bot = await world.start({ now: () => clock, scheduler: new SimulatedScheduler(clock), recommend: { loadRanker: popularityRanker } });
    await registerCommandsIn(fake, guildId);
    return bot;
  }

  /** A forum question with a reply and reactions, and a screenshot with a link in #general with reactions. */
  function busyDay() {
    const question = fake.createForumPost(help, {
      name: 'How do I deploy [attune] on a Pi?',
      authorId: people.ann,
      content: '```\n## Tried **docker** first; @everyone help ||it was the cable||\nsecond line',
      at: clock - 5 * HOUR,
    });
    const answer = fake.postMessage({ channelId: question.thread.id, authorId: people.ben, content: 'check the power supply', at: clock - 4 * HOUR });
    for (const who of [people.cat, people.dan]) fake.addReaction(question.thread.id, question.message.id, who, '👍');
    const screenshot = fake.postMessage({ channelId: general, authorId: people.cat, content: 'New dashboard, see [the docs](https://evil.example/steal)', attachments: 1, at: clock - 3 * HOUR });
    for (const who of [people.ann, people.ben, people.dan]) fake.addReaction(general, screenshot.id, who, '🎉');
    return { question, screenshot, answer };
  }

  /** Waits until the bot has recorded `posts` posts and `reactions` reactions (gateway events are asynchronous). */
  async function recorded(running: RunningBot, posts: number, reactions: number): Promise<void> {
    await eventually(
      running,
      () => rows(running, 'SELECT (SELECT COUNT(*) FROM posts) AS posts, (SELECT COUNT(*) FROM reactions) AS reactions'),
      (r) => expect(r).toEqual([{ posts, reactions }]),
    );
  }

  async function runDigest(running: RunningBot): Promise<void> {
    expect((await digestSetup(fake, where(), ownerId(), digestChannel, 5).firstResponse()).content).toMatch(/daily digest goes to/);
    makeTodaysDigestDue(running.database);
    await running.tasks.run('digest');
  }

  function communityEmbed(): APIEmbed {
    const posts = botPostsIn(fake, digestChannel);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.embeds).toHaveLength(1);
    return posts[0]!.embeds[0]!;
  }

  it('GIVEN a busy day THEN the community digest is one embed grouped by channel, each post titled, counted, linked, with a safe snippet and its media', async () => {
    const running = await start();
    const { question, screenshot, answer } = busyDay();
    await recorded(running, 3, 5);
    await runDigest(running);
    const description = communityEmbed().description ?? '';
    const [first, second] = description.split('\n\n');
    // Groups: a channel header with its count (busiest first), then its posts.
    expect(first).toMatch(new RegExp(`^\\*\\*<#${help}>\\*\\* · 2 posts\\n• `));
    expect(second).toMatch(new RegExp(`^\\*\\*<#${general}>\\*\\* · 1 post\\n• `));
    // A later message in the thread is named as a reply in it.
    expect(first).toContain(`• [Re: How do I deploy attune on a Pi?](https://discord.com/channels/${guildId}/${question.thread.id}/${answer.id}) · <@${people.ben}>\n  check the power supply`);
    // The forum post: its title (brackets dropped, so the link holds) as the jump link, its reply and reactions.
    expect(description).toContain(
      `• [How do I deploy attune on a Pi?](https://discord.com/channels/${guildId}/${question.thread.id}/${question.message.id}) · <@${people.ann}> · 💬 1 reply · ❤️ 2 reactions`,
    );
    // The snippet: first line with words, markdown dropped, @everyone defused, the spoiler still hidden.
    expect(description).toContain('  Tried docker first; @\u200beveryone help ||it was the cable||');
    expect(description).not.toContain('second line');
    // The screenshot: no title, so "Open post"; the masked link shows where it really goes; its media named.
    expect(description).toContain(`• [Open post](https://discord.com/channels/${guildId}/${general}/${screenshot.id}) · <@${people.cat}> · ❤️ 3 reactions`);
    expect(description).toContain('  New dashboard, see the docs (evil.example) · 🖼 image · 🔗 link');
    expect(description).not.toContain('](https://evil.example');
    expect(communityEmbed().footer?.text).toMatch(/^3 posts in 2 channels/);
  });

  it('GIVEN the admin turned snippets off THEN titles, media and counts stay and no text is shown', async () => {
    const running = await start();
    busyDay();
    await recorded(running, 3, 5);
    const saved = await subcommand(fake, where(), ownerId(), 'settings', 'content', [
      { type: ApplicationCommandOptionType.Boolean, name: 'snippets', value: false },
    ]).firstResponse();
    expect(saved.content).toMatch(/snippets/i);
    await runDigest(running);
    const description = communityEmbed().description ?? '';
    expect(description).toContain('[How do I deploy attune on a Pi?]');
    expect(description).toContain('  🖼 image · 🔗 link');
    expect(description).not.toContain('docker');
    expect(description).not.toContain('dashboard');
  });

  it('GIVEN a day with nothing new THEN no community digest is posted, and the run still completes', async () => {
    const running = await start();
    fake.postMessage({ channelId: general, authorId: people.ann, content: 'old news', at: clock - 72 * HOUR });
    await runDigest(running);
    expect(botPostsIn(fake, digestChannel)).toEqual([]);
    expect(rows(running, 'SELECT status, message_id FROM digest_runs')).toEqual([{ status: 'done', message_id: null }]);
  });

  it('GIVEN someone the member often replies to replied to a post (and reacted to none) THEN /recommend says they replied, never that they reacted', async () => {
    const running = await start();
    // ann replies to ben twice: ben is someone she often replies to. ben then replies to cat's question, no reaction.
    const benPost = fake.postMessage({ channelId: general, authorId: people.ben, content: 'ben says hi', at: clock - 30 * HOUR });
    fake.postMessage({ channelId: general, authorId: people.ann, content: 'hi ben', replyTo: benPost.id, at: clock - 29 * HOUR });
    fake.postMessage({ channelId: general, authorId: people.ann, content: 'hi again', replyTo: benPost.id, at: clock - 28 * HOUR });
    const question = fake.postMessage({ channelId: general, authorId: people.cat, content: 'anyone tried the new API?', at: clock - 5 * HOUR });
    fake.postMessage({ channelId: general, authorId: people.ben, content: 'yes, works', replyTo: question.id, at: clock - 4 * HOUR });
    await recorded(running, 5, 0);
    await running.services.recommend.cache.refresh(guildId);
    const handle = fake.invokeSlashCommand({
      guildId,
      channelId: general,
      userId: people.ann,
      name: 'recommend',
      options: [{ type: ApplicationCommandOptionType.Integer, name: 'count', value: 10 }],
    });
    const first = await handle.firstResponse();
    const final = first.type === InteractionResponseType.DeferredChannelMessageWithSource ? await handle.waitForResponse((r) => r.kind === 'edit-original', 30_000) : first;
    const description = JSON.parse(JSON.stringify(final.body)).data?.embeds?.[0]?.description ?? JSON.parse(JSON.stringify(final.body)).embeds?.[0]?.description ?? '';
    const item = description.split(/\n(?=\*\*\d+\.\*\*)/).find((block: string) => block.includes(question.id));
    expect(item).toBeDefined();
    expect(item).toContain('anyone tried the new API?');
    expect(item).toContain('someone you often reply to replied');
    expect(item).not.toContain('reacted');
  }, 90_000);
});
