/**
 * GIVEN the bot with the operations endpoint off (the default) THEN no port is opened; GIVEN it on THEN /metrics shows
 * gateway events, recorded ops, ingest batches and commands moving, with no member or guild ids as labels, and
 * /healthz answers 200 while connected and 503 once the client is disconnected.
 */
import { Server, type AddressInfo } from 'node:net';
import { ApplicationCommandOptionType, ChannelType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { eventually, registerCommandsIn, rows } from '../helpers/bot-harness.js';
import { botWorld } from '../helpers/bot-world.js';

/** Ports this process listens on (the fake's own among them). */
function listeningPorts(): Set<number> {
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return new Set(handles.flatMap((h) => (h instanceof Server && h.listening ? [(h.address() as AddressInfo).port] : [])));
}
const opened = (before: Set<number>) => [...listeningPorts()].filter((port) => !before.has(port));

/** The value of one series in Prometheus text format (0 when absent). */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('health and metrics endpoint', () => {
  const world = botWorld();

  it('GIVEN no metrics option THEN the bot opens no port', async () => {
    const { fake } = world;
    fake.createGuild({ name: 'Quiet' });
    const before = listeningPorts();
    const bot = await world.start();
    expect(bot.metricsPort).toBeNull();
    expect(opened(before)).toEqual([]);
  });

  it('GIVEN the endpoint on THEN counters move with events and commands, labels hold no ids, and health follows the gateway', async () => {
    const { fake } = world;
    const guild = fake.createGuild({ name: 'Metrics' });
    const general = fake.createChannel(guild.id, { name: 'general', type: ChannelType.GuildText }).id;
    const ada = fake.addMember(guild.id, { username: 'ada' }).user.id;
    const ports = listeningPorts();
    const bot = await world.start({ metrics: { port: 0, host: '127.0.0.1' } });
    const port = bot.metricsPort;
    expect(opened(ports)).toEqual([port]);
    expect(port).toBeGreaterThan(0);
    await registerCommandsIn(fake, guild.id);
    const base = `http://127.0.0.1:${port}`;
    const scrape = async () => (await fetch(`${base}/metrics`)).text();

    const before = await scrape();
    expect(sample(before, 'attune_guilds')).toBe(1);
    for (let i = 0; i < 3; i++) fake.postMessage({ channelId: general, authorId: ada, content: `post ${i}` });
    const running = bot;
    await eventually(running, () => rows(running, 'SELECT id FROM posts'), (posts) => expect(posts).toHaveLength(3));
    const handle = fake.invokeSlashCommand({
      guildId: guild.id,
      channelId: general,
      userId: ada,
      name: 'points',
      options: [{ type: ApplicationCommandOptionType.Subcommand, name: 'show', options: [] }] as never,
    });
    await handle.firstResponse();
    await bot.idle();

    const after = await scrape();
    expect(sample(after, 'attune_gateway_events_total{type="MESSAGE_CREATE"}') - sample(before, 'attune_gateway_events_total{type="MESSAGE_CREATE"}')).toBe(3);
    expect(sample(after, 'attune_ingest_ops_total{kind="post"}') - sample(before, 'attune_ingest_ops_total{kind="post"}')).toBe(3);
    expect(sample(after, 'attune_ingest_batch_seconds_count')).toBeGreaterThan(sample(before, 'attune_ingest_batch_seconds_count'));
    expect(sample(after, 'attune_interactions_total{name="points",outcome="ok"}')).toBe(1);
    expect(sample(after, 'attune_interaction_seconds_count{name="points"}')).toBe(1);
    expect(after).toContain('attune_process_resident_memory_bytes');
    // Privacy and cardinality: no member, guild or channel id appears anywhere in the scrape.
    for (const id of [guild.id, ada, general]) expect(after).not.toContain(id);

    const healthy = await fetch(`${base}/healthz`);
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toEqual({ status: 'ok', gateway: true, database: true });
    // The gateway goes away (the bot itself keeps running): the probe must say so.
    await bot.client.destroy();
    const down = await fetch(`${base}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'unavailable', gateway: false, database: true });
  });
});
