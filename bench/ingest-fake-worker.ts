/**
 * The fake Discord for the ingest benchmark, in its own thread so the client under test has a core to itself.
 * Protocol: posts {ready, apiUrl, token}; on {emit, messages} builds the stream and posts {built, events}; on {go}
 * sends it and posts {emitted, ms, events}.
 */
import { parentPort } from 'node:worker_threads';
import { ChannelType } from 'discord-api-types/v10';
import { FakeDiscord } from '../src/sim/index.js';
import { seededRandom } from '../src/lib/random.js';

const port = parentPort;
if (!port) throw new Error('run as a worker');

const MEMBERS = 500;
const CHANNELS = 10;
const EMOJIS = ['👍', '❤️', '😂', '🔥', '🎉'];

const fake = await FakeDiscord.start({ heartbeatIntervalMs: 30_000, validateAgainstSpec: false });
const guild = fake.createGuild({ name: 'Bench' });
const channels = Array.from({ length: CHANNELS }, (_, i) => fake.createChannel(guild.id, { name: `c${i}`, type: ChannelType.GuildText }).id);
const members = Array.from({ length: MEMBERS }, (_, i) => fake.addMember(guild.id, { username: `u${i}` }).user.id);
port.postMessage({ type: 'ready', apiUrl: fake.apiUrl, token: fake.token });

port.on('message', async (message: { type: 'emit'; messages: number } | { type: 'stop' } | { type: 'go' }) => {
  if (message.type === 'go') return;
  if (message.type === 'stop') {
    await fake.stop();
    port.postMessage({ type: 'stopped' });
    return;
  }
  const random = seededRandom(42);
  const recent: { channel: string; id: string }[] = [];
  // Build the whole stream first, then send it back to back: the figures measure the client, not the fake.
  fake.holdDispatches();
  let events = 0;
  for (let i = 0; i < message.messages; i++) {
    const channel = channels[i % CHANNELS] as string;
    const author = members[Math.floor(random() * MEMBERS)] as string;
    const posted = fake.postMessage({ channelId: channel, authorId: author, content: `message ${i}` });
    events += 1;
    recent.push({ channel, id: posted.id });
    if (recent.length > 1000) recent.shift();
    const target = recent[Math.floor(random() * recent.length)] as { channel: string; id: string };
    // A repeated (message, member, emoji) is no new reaction and sends no event.
    if (fake.addReaction(target.channel, target.id, members[Math.floor(random() * MEMBERS)] as string, EMOJIS[i % EMOJIS.length] as string)) events += 1;
  }
  port.postMessage({ type: 'built', events });
  await new Promise<void>((resolve) => port.once('message', () => resolve()));
  const started = performance.now();
  fake.releaseDispatches();
  port.postMessage({ type: 'emitted', ms: performance.now() - started, events });
});
