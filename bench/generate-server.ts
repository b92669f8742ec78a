/**
 * `npx tsx bench/generate-server.ts <busy|forum> <messages> <out.jsonl> [--seed N] [--days D]`: a generated server
 * (src/demo/server-generator.ts) written as attune JSONL, for `attune import` and scale tests (100k, 300k, 1M).
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { writeServerJsonl } from '../src/demo/server-jsonl.js';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { seed: { type: 'string' }, days: { type: 'string' } } });
const args = z
  .tuple([z.enum(['busy', 'forum']), z.coerce.number().int().positive(), z.string().min(1)])
  .safeParse(positionals);
const count = z.coerce.number().int().positive();
if (!args.success) {
  console.error('usage: tsx bench/generate-server.ts <busy|forum> <messages> <out.jsonl> [--seed N] [--days D]');
  process.exit(2);
}
const [shape, messages, out] = args.data;
const started = performance.now();
const summary = writeServerJsonl(out, {
  shape,
  messages,
  ...(values.seed ? { seed: count.parse(values.seed) } : {}),
  ...(values.days ? { days: count.parse(values.days) } : {}),
});
console.log(`wrote ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s:`, summary);
