/** `npm run bench -- <name> [options]`: runs a benchmark and prints its figures. */
import { parseArgs } from 'node:util';
import { benchEconomy } from './economy.js';
import { benchIngest } from './ingest.js';

const { positionals, values } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: { messages: { type: 'string' }, rounds: { type: 'string' }, posts: { type: 'string' } },
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
  case 'economy': {
    const posts = Number(values.posts ?? 100_000);
    if (!Number.isInteger(posts) || posts < 1) throw new Error('--posts must be a positive integer');
    await benchEconomy({ posts });
    break;
  }
  default:
    console.error(`unknown benchmark "${name}"; available: ingest, economy`);
    process.exitCode = 2;
}
