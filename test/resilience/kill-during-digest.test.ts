/**
 * GIVEN the bot process delivering a day's DM digests WHEN it is killed with SIGKILL right after Discord accepted a DM
 * but before the bot heard back (the answer is withheld, so the outbox row is still `sending`) THEN, restarted, it
 * resends that DM with the row's nonce and enforce_nonce, Discord returns the existing message, and every member has
 * exactly one digest DM; the community digest is posted once.
 */
import { expect, it } from 'vitest';
import type { RecordedRequest } from '../../src/sim/index.js';
import { botPostsIn, digestCommunity, dmsFromBot, makeTodaysDigestDue, setUpDmDigests } from '../helpers/digest.js';
import { eventually } from '../helpers/eventually.js';
import { rows } from '../helpers/rows.js';
import { processWorld } from '../helpers/process-world.js';

const DAY = 86_400_000;
const world = processWorld();

it('GIVEN DM digests being delivered WHEN the bot is killed -9 between a DM and its commit THEN each member gets exactly one DM', async () => {
  const { fake, db } = world;
  const guild = world.guild('Digest', { channels: ['general', 'digest'], members: [] });
  const { general, digest: digestChannel } = guild.channels as { general: string; digest: string };
  const { readers } = digestCommunity(fake, guild.id, general, { readers: 12, joinedAt: Date.now() - 60 * DAY });
  // Each reader's DM channel exists already, so the test knows which requests are whose DM.
  const dmChannels = new Map(readers.map((id) => [fake.openDmChannel(id).id, id]));
  const dmPostOf = (request: RecordedRequest) =>
    request.method === 'POST' && request.route === '/channels/{channel_id}/messages' ? dmChannels.get(request.path.split('/')[2] ?? '') : undefined;
  const dmPosts = () => fake.requests.filter((request) => dmPostOf(request) !== undefined);

  const env = { DIGEST_TICK_CRON: '*/2 * * * * *' };
  const bot = world.startBot(env);
  await bot.waitForLog('guild synced');
  const where = { guildId: guild.id, channelId: general };
  await setUpDmDigests(fake, where, guild.ownerId, digestChannel, readers);

  // The DMs go out one by one, in member order; Discord acts on the fifth but its answer is withheld, and the bot dies.
  fake.withholdResponses((request) => dmPostOf(request) !== undefined && dmPosts().length === 5);
  makeTodaysDigestDue(db);
  const withheld = await fake.waitForRequest((request) => dmPostOf(request) !== undefined && dmPosts()[4] === request, 90_000);
  await bot.kill9();
  fake.withholdResponses(null);
  const victim = dmPostOf(withheld)!;

  // At the kill: four DMs delivered and committed, the victim's on Discord but its row still `sending`, seven not sent.
  expect(readers.reduce((sum, id) => sum + dmsFromBot(fake, id).length, 0)).toBe(5);
  expect(rows(db.path, `SELECT status, COUNT(*) AS n FROM delivery_outbox WHERE sender = 'digest' AND kind = 'dm' GROUP BY status ORDER BY status`)).toEqual([
    { status: 'pending', n: 7 },
    { status: 'sending', n: 1 },
    { status: 'sent', n: 4 },
  ]);
  expect(rows(db.path, `SELECT status FROM delivery_outbox WHERE user_id = ?`, victim)).toEqual([{ status: 'sending' }]);

  world.startBot(env);
  await eventually(() => expect(rows(db.path, `SELECT status FROM digest_runs`)).toEqual([{ status: 'done' }]), { timeout: 120_000, interval: 250 });

  for (const reader of readers) expect(dmsFromBot(fake, reader), reader).toHaveLength(1);
  const outbox = rows<{ memberId: string; status: string; messageId: string | null }>(
    db.path,
    `SELECT user_id AS memberId, status, message_id AS messageId FROM delivery_outbox WHERE sender = 'digest' AND kind = 'dm' ORDER BY user_id`,
  );
  expect(outbox).toEqual(
    [...readers].sort().map((memberId) => ({ memberId, status: 'sent', messageId: dmsFromBot(fake, memberId)[0]?.id ?? 'missing' })),
  );
  // The victim's DM was sent twice (same nonce, enforce_nonce): Discord's de-duplication is what kept it single.
  const victimPosts = fake.requests.filter((request) => dmPostOf(request) === victim);
  expect(victimPosts).toHaveLength(2);
  expect(victimPosts.map((r) => (r.body as { enforce_nonce?: boolean }).enforce_nonce)).toEqual([true, true]);
  expect(new Set(victimPosts.map((r) => (r.body as { nonce?: string }).nonce)).size).toBe(1);
  expect(botPostsIn(fake, digestChannel)).toHaveLength(1);
  world.expectNoFaults();
}, 300_000);
