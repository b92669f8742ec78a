/** `npm run bench -- <name> [options]`: runs a benchmark and prints its figures. */
import { parseArgs } from 'node:util';
import { benchIngest } from './ingest.js';

const { positionals, values } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: { messages: { type: 'string' }, rounds: { type: 'string' } },
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
  default:
    console.error(`unknown benchmark "${name}"; available: ingest`);
    process.exitCode = 2;
}
