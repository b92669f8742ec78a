/**
 * GIVEN `npm run demo` (run in-process, with a smaller community through the same code path) THEN every section is
 * printed from what the bot answered, the recorded data matches the fake, the private channel is never recorded,
 * the training run is stored, and the charts are valid PNG files.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { silentLogger } from '../../src/ops/log.js';
import { generateCommunity } from '../../src/demo/community.js';
import { communityToJsonl } from '../../src/demo/community-jsonl.js';
import { runDemo } from '../../src/demo/demo.js';
import { rows } from '../helpers/rows.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The lines printed under a numbered section heading, up to the next heading. */
function section(output: string, number: number): string[] {
  const lines = output.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`${number}. `));
  if (start < 0) return [];
  const end = lines.findIndex((line, i) => i > start && /^\d+\. /.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end).filter((line) => line.startsWith('   '));
}

it('GIVEN `npm run demo` THEN it prints a simulated week from the bot\'s own replies, records it completely, and writes the charts', async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'attune-demo-'));
  const lines: string[] = [];
  const code = await runDemo({
    outDir,
    print: (line) => lines.push(line),
    size: { members: 16, postsPerDay: 16, historyDays: 2, liveDays: 7 },
    log: silentLogger,
  });
  const output = lines.join('\n');
  expect(output).not.toMatch(/demo problem/);
  expect(code).toBe(0);

  // Recorded counts equal what the fake holds; the private channel and spec violations are zero.
  const check = output.match(/posts recorded (\d+) of (\d+) readable in the fake; reactions (\d+) of (\d+); rows from the private #mod-room: (\d+); .*spec: (\d+)/);
  expect(check).not.toBeNull();
  const [, recorded, expected, reactions, expectedReactions, privateRows, violations] = check as RegExpMatchArray;
  expect(Number(recorded)).toBeGreaterThan(100);
  expect(recorded).toBe(expected);
  expect(Number(reactions)).toBeGreaterThan(100);
  expect(reactions).toBe(expectedReactions);
  expect(privateRows).toBe('0');
  expect(violations).toBe('0');
  expect(output).toMatch(/attune is down 2026-06-03 12:00 UTC → 2026-06-03 20:00 UTC while \d+ more happen/);

  // The training table is the stored run's, and the run is in model_runs.
  expect(section(output, 5).join('\n')).toMatch(/run 1 succeeded[\s\S]*recall@10[\s\S]*popularity[\s\S]*serving: /);
  const database = join(outDir, 'attune.db');
  const [run] = rows<{ status: string; serving: string; metrics: string }>(database, `SELECT status, serving_method AS serving, metrics FROM model_runs`) as [{ status: string; serving: string; metrics: string }];
  expect(run.status).toBe('succeeded');
  expect(section(output, 5).join('\n')).toContain(`serving: ${run.serving}`);
  expect(Object.keys((JSON.parse(run.metrics) as { methods: object }).methods)).toEqual(expect.arrayContaining(['attune', 'popularity', 'bpr-mf']));

  // Each section shows the bot's reply, rendered from the embed it sent.
  const recommend = section(output, 6);
  expect(recommend[0]).toBe('   ▌ Picked for you');
  expect(recommend.some((line) => /^ {3}1\. .*@\w+/.test(line))).toBe(true);
  const digest = section(output, 7);
  expect(digest.join('\n')).toContain('▌ Your daily picks from Attune Demo');
  const dmMember = /^7\. The digest @(\w+) received/m.exec(output)?.[1];
  expect(dmMember).toBeDefined();
  const [sent] = rows<{ n: number }>(
    database,
    `SELECT COUNT(*) AS n FROM delivery_outbox o JOIN members m ON m.user_id = o.user_id AND m.guild_id = o.guild_id WHERE m.username = ? AND o.status = 'sent'`,
    dmMember,
  );
  expect(sent?.n).toBeGreaterThan(0);
  const leaderboard = section(output, 8);
  expect(leaderboard[0]).toBe('   ▌ Leaderboard — This week');
  expect(leaderboard[1]).toMatch(/^ {3}1\. @\w+ — \d+$/);
  const contest = section(output, 9).join('\n');
  expect(contest).toMatch(/Results of contest #1: Colour study week/);
  const [places] = rows<{ n: number }>(database, `SELECT COUNT(*) AS n FROM contest_results`) as [{ n: number }];
  expect(places.n).toBeGreaterThan(0);
  expect(contest.match(/vote\(s\)/g)?.length).toBe(Math.min(places.n, 10));
  const [votes] = rows<{ n: number }>(database, `SELECT COUNT(*) AS n FROM contest_votes`) as [{ n: number }];
  expect(votes.n).toBeGreaterThan(0);
  expect(output).toContain(`(${votes.n} votes cast with its buttons)`);
  const flags = section(output, 10).join('\n');
  expect(flags).toMatch(/Flagged post 1 of \d+/);
  expect(flags).toContain('BUY followers cheap');
  expect(rows(database, `SELECT source, COUNT(*) AS n FROM post_flags GROUP BY source ORDER BY source`)).toEqual([
    { source: 'member', n: 2 },
    { source: 'moderator', n: 2 },
  ]);

  // Charts: named in the output, each a valid PNG with a non-empty image.
  const chartDir = join(outDir, 'charts');
  expect(existsSync(chartDir)).toBe(true);
  const files = readdirSync(chartDir).filter((file) => file.endsWith('.png'));
  expect(files.length).toBeGreaterThanOrEqual(4);
  for (const file of files) {
    expectValidPng(readFileSync(join(chartDir, file)));
    expect(output).toContain(file);
  }
  expect(output).toContain(chartDir);
  // Every phase's time is printed.
  expect(output).toMatch(/training +\d+\.\d s/);
  expect(output).toMatch(/total +\d+\.\d s/);
}, 600_000);

it('GIVEN `npm run demo -- --import <attune JSONL>` THEN the bot runs over the imported guild without doubling it and answers from it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'attune-demo-import-'));
  const community = generateCommunity({ seed: 5, members: 12, days: 4, postsPerDay: 14, start: Date.UTC(2026, 2, 1) });
  const file = join(dir, 'club.jsonl');
  writeFileSync(file, communityToJsonl(community, { guildName: 'Imported Club' }).join('\n') + '\n');
  const outDir = join(dir, 'out');
  const lines: string[] = [];
  const code = await runDemo({ outDir, importPath: file, print: (line) => lines.push(line), log: silentLogger });
  const output = lines.join('\n');
  expect(output).not.toMatch(/demo problem/);
  expect(code).toBe(0);
  const imported = Number(/Imported guild "Imported Club": \d+ members, \d+ channels, (\d+) posts/.exec(output)?.[1]);
  expect(imported).toBeGreaterThan(30);

  const database = join(outDir, 'attune.db');
  // Every imported post once (the backfill found the same ids on the fake), plus what the bot itself posted.
  const bySource = rows<{ bot: number; n: number }>(database, `SELECT author_is_bot AS bot, COUNT(*) AS n FROM posts WHERE deleted_at IS NULL GROUP BY author_is_bot ORDER BY bot`);
  expect(bySource[0]).toEqual({ bot: 0, n: imported });
  const total = bySource.reduce((sum, row) => sum + row.n, 0);
  expect(output).toContain(`posts recorded ${total} of ${total} readable in the fake`);
  expect(rows(database, `SELECT status FROM model_runs`)).toEqual([{ status: 'succeeded' }]);
  expect(section(output, 6)[0]).toBe('   ▌ Picked for you');
  expect(section(output, 7).join('\n')).toContain('▌ Your daily picks from Imported Club');
  expect(section(output, 8)[1]).toMatch(/^ {3}1\. @\w+ — \d+$/);
  expect(section(output, 10)).toEqual(['   No posts are waiting for review.']);
  const files = readdirSync(join(outDir, 'charts'));
  expect(files.length).toBeGreaterThanOrEqual(4);
  for (const chart of files) expectValidPng(readFileSync(join(outDir, 'charts', chart)));
}, 600_000);

interface JsonlRecord {
  type: string;
  id?: string;
  kind?: string;
  parent?: string | null;
  channel?: string;
  message?: string;
  name?: string;
  author?: string;
  at?: string;
  content?: string | null;
}

/** A generated community as attune JSONL records. */
function communityRecords(seed: number, guildName: string): JsonlRecord[] {
  const community = generateCommunity({ seed, members: 12, days: 6, postsPerDay: 30, start: Date.UTC(2026, 2, 1) });
  return communityToJsonl(community, { guildName }).map((line) => JSON.parse(line) as JsonlRecord);
}

it('GIVEN `npm run demo -- --import` of a server that talks only in a forum THEN no crash: a #digests channel is made and every section answers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'attune-demo-forum-'));
  const records = communityRecords(11, 'Forum Only');
  const forums = new Set(records.filter((r) => r.type === 'channel' && r.kind === 'forum').map((r) => r.id));
  const threads = new Set(records.filter((r) => r.type === 'channel' && r.kind === 'thread' && forums.has(r.parent ?? '')).map((r) => r.id));
  const kept = records.filter((r) =>
    r.type === 'channel' ? forums.has(r.id) || threads.has(r.id) : r.type === 'message' || r.type === 'reaction' ? threads.has(r.channel) : true,
  );
  const guildId = kept.find((r) => r.type === 'guild')?.id as string;
  const file = join(dir, 'forum.jsonl');
  writeFileSync(file, kept.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const outDir = join(dir, 'out');
  const lines: string[] = [];
  // --guild passed through as `attune demo --import <file> --guild <id>` passes it.
  const code = await runDemo({ outDir, importPath: file, importOptions: { guildId }, print: (line) => lines.push(line), log: silentLogger });
  const output = lines.join('\n');
  expect(output).not.toMatch(/demo problem/);
  expect(code).toBe(0);
  const posts = Number(/Imported guild "Forum Only": \d+ members, \d+ channels, (\d+) posts/.exec(output)?.[1]);
  expect(posts).toBeGreaterThan(20);
  expect(output).toMatch(/^3\. The owner creates #digests \(the server has no text channel\) and sets up the daily digest in #digests/m);
  expect(section(output, 6)[0]).toBe('   ▌ Picked for you');
  expect(section(output, 7).join('\n')).toContain('▌ Your daily picks from Forum Only');
  expect(rows(join(outDir, 'attune.db'), `SELECT kind, COUNT(*) AS n FROM channels WHERE kind = 'text' GROUP BY kind`)).toEqual([{ kind: 'text', n: 1 }]);
}, 600_000);

it('GIVEN `npm run demo -- --import` of a DCE CSV not named as DCE names it THEN the ids made up look like Discord ids, are printed, and the digest is set up', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'attune-demo-csv-'));
  const records = communityRecords(13, 'unused');
  const general = records.find((r) => r.type === 'channel' && r.name === 'general')?.id;
  const names = new Map(records.filter((r) => r.type === 'member').map((r) => [r.id, r.name]));
  const csv = ['AuthorID;Author;Date;Content;Attachments;Reactions;'];
  for (const r of records) {
    if (r.type !== 'message' || r.channel !== general) continue;
    csv.push(`"${r.author}";"${names.get(r.author) ?? 'someone'}";"${r.at}";"${(r.content ?? 'hello').replaceAll('"', '""')}";"";"";`);
  }
  const file = join(dir, 'general.csv');
  writeFileSync(file, csv.join('\n') + '\n');
  const lines: string[] = [];
  const code = await runDemo({ outDir: join(dir, 'out'), importPath: file, importOptions: { guildName: 'CSV Club' }, print: (line) => lines.push(line), log: silentLogger });
  const output = lines.join('\n');
  expect(output).not.toMatch(/demo problem/);
  expect(code).toBe(0);
  const invented = /made up: guild (\d+), channel (\d+)\. Import more of it into the same place with --guild \1 --channel \2/.exec(output);
  expect(invented).not.toBeNull();
  // Snowflakes: 17 to 20 digits, dated after Discord's epoch (2015).
  for (const id of [invented![1], invented![2]]) {
    expect(id).toMatch(/^\d{17,20}$/);
    expect(Number(BigInt(id as string) >> 22n) + 1_420_070_400_000).toBeGreaterThan(Date.UTC(2015, 0, 1));
  }
  expect(output).toContain(`Imported guild "CSV Club"`);
  expect(section(output, 7).join('\n')).toContain('▌ Your daily picks from CSV Club');
  expect(rows(join(dir, 'out', 'attune.db'), `SELECT guild_id, channel_id FROM digest_settings`)).toEqual([{ guild_id: invented![1], channel_id: invented![2] }]);
}, 600_000);

function expectValidPng(png: Buffer): void {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  expect(png.readUInt32BE(16)).toBeGreaterThan(100);
  expect(png.readUInt32BE(20)).toBeGreaterThan(100);
}

it('GIVEN an --out folder that already holds a demo database THEN the demo refuses with a clear line and leaves it untouched', async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'attune-demo-again-'));
  const databasePath = join(outDir, 'attune.db');
  writeFileSync(databasePath, 'an earlier demo');
  const printed: string[] = [];
  const code = await runDemo({ outDir, print: (line) => printed.push(line) });
  expect(code).toBe(2);
  expect(printed.join('\n')).toContain('already holds a demo database');
  expect(readFileSync(databasePath, 'utf8')).toBe('an earlier demo');
  expect(readdirSync(outDir)).toEqual(['attune.db']);
});
