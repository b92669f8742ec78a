/** `npm run bench -- <name> [options]`: runs a benchmark and prints its figures. */
import { parseArgs } from 'node:util';
import { benchEconomy } from './economy.js';
import { benchIngest } from './ingest.js';
import { durationSchema } from '../src/cli/duration.js';
import { benchRecommend } from './recommend.js';
import { benchSnapshot } from './snapshot.js';
import { benchStats } from './stats.js';
import { benchTrainSeBeer } from './train-sebeer.js';
import { benchTrainLag } from './train-lag.js';
import { BACKEND_CHOICES, type BackendRequest } from '../src/model/backend.js';
import { benchTrainGowalla } from './train-gowalla.js';
import { benchTrainLastfm } from './train-lastfm.js';
import { attuneConfigSchema } from '../src/model/attune/config.js';

const { positionals, values } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: {
    messages: { type: 'string' },
    rounds: { type: 'string' },
    data: { type: 'string' },
    events: { type: 'string' },
    cuts: { type: 'string' },
    window: { type: 'string' },
    horizon: { type: 'string' },
    k: { type: 'string' },
    members: { type: 'string' },
    days: { type: 'string' },
    'posts-per-day': { type: 'string' },
    backend: { type: 'string' },
    posts: { type: 'string' },
    'digest-members': { type: 'string' },
    requests: { type: 'string' },
    preset: { type: 'string' },
    seed: { type: 'string' },
    /** JSON object of attune config overrides, e.g. '{"steps":100}'. */
    config: { type: 'string' },
  },
});
const [name = 'ingest'] = positionals;

switch (name) {
  case 'ingest': {
    const messages = Number(values.messages ?? 60_000);
    if (!Number.isInteger(messages) || messages < 1) throw new Error('--messages must be a positive integer');
    const rounds = Number(values.rounds ?? 3);
    if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds must be a positive integer');
    await benchIngest({ messages, rounds });
    break;
  }
  case 'train-sebeer': {
    if (!values.data) throw new Error('--data <Stack Exchange dump folder> is required');
    const cuts = Number(values.cuts ?? 6);
    if (!Number.isInteger(cuts) || cuts < 1) throw new Error('--cuts must be a positive integer');
    const k = Number(values.k ?? 10);
    if (!Number.isInteger(k) || k < 1) throw new Error('--k must be a positive integer');
    await benchTrainSeBeer({
      data: values.data,
      cuts,
      k,
      windowMs: durationSchema.parse(values.window ?? '7d'),
      horizonMs: durationSchema.parse(values.horizon ?? '14d'),
    });
    break;
  }
  case 'snapshot': {
    const posts = Number(values.posts ?? 100_000);
    const events = Number(values.events ?? 1_000_000);
    if (!Number.isInteger(posts) || posts < 1 || !Number.isInteger(events) || events < posts) {
      throw new Error('--posts must be a positive integer and --events at least --posts');
    }
    await benchSnapshot({ posts, events });
    break;
  }
  case 'train-lag': {
    const positive = (key: 'members' | 'days' | 'posts-per-day' | 'cuts', fallback: number) => {
      const value = Number(values[key] ?? fallback);
      if (!Number.isInteger(value) || value < 1) throw new Error(`--${key} must be a positive integer`);
      return value;
    };
    const backend = values.backend ?? 'auto';
    if (backend !== 'auto' && !(BACKEND_CHOICES as readonly string[]).includes(backend)) {
      throw new Error(`--backend must be auto or one of ${BACKEND_CHOICES.join(', ')}`);
    }
    await benchTrainLag({
      members: positive('members', 400),
      days: positive('days', 30),
      postsPerDay: positive('posts-per-day', 300),
      cuts: positive('cuts', 3),
      backend: backend as BackendRequest,
    });
    break;
  }
  case 'recommend': {
    const count = (key: 'members' | 'posts' | 'digest-members' | 'requests', fallback: number) => {
      const value = Number(values[key] ?? fallback);
      if (!Number.isInteger(value) || value < 1) throw new Error(`--${key} must be a positive integer`);
      return value;
    };
    await benchRecommend({
      members: count('members', 10_000),
      posts: count('posts', 100_000),
      digestMembers: count('digest-members', 100_000),
      requests: count('requests', 2_000),
    });
    break;
  }
  case 'train-gowalla':
  case 'train-lastfm': {
    if (!values.data) throw new Error(`--data <dir> is required for ${name}`);
    const seed = Number(values.seed ?? 2026);
    const overrides = attuneConfigSchema.partial().parse(JSON.parse(values.config ?? '{}'));
    if (name === 'train-gowalla') await benchTrainGowalla({ data: values.data, seed, preset: values.preset ?? 'full', overrides });
    else await benchTrainLastfm({ data: values.data, seed, overrides });
    break;
  }
  case 'economy': {
    const posts = Number(values.posts ?? 100_000);
    if (!Number.isInteger(posts) || posts < 1) throw new Error('--posts must be a positive integer');
    await benchEconomy({ posts });
    break;
  }
  case 'stats': {
    const posts = Number(values.posts ?? 20_000);
    const rounds = Number(values.rounds ?? 5);
    if (!Number.isInteger(posts) || posts < 1 || !Number.isInteger(rounds) || rounds < 1) {
      throw new Error('--posts and --rounds must be positive integers');
    }
    await benchStats({ posts, rounds });
    break;
  }
  default:
    console.error(`unknown benchmark "${name}"; available: ingest, snapshot, train-gowalla, train-lastfm, train-sebeer, train-lag, recommend, economy, stats`);
    process.exitCode = 2;
}
