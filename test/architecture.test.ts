/**
 * The shape of the code, enforced. Layers, top to bottom (an import may point down or sideways, never up):
 *
 *   commands/, src/app (with main.ts, cli.ts, config.ts beside it), src/demo   the edge and the composition root
 *   src/tasks                                                                  scheduled work
 *   src/discord                                                                client, listeners, router, delivery
 *   domains: digest above recommend, contests above economy; stats, privacy, moderation, settings beside them
 *   src/model → src/graph → src/ingest → src/db → src/i18n, src/ops, src/lib
 *
 * src/sim (the fake Discord) is the other side of the wire: it may use src/lib and nothing of the bot.
 *
 * GIVEN every TypeScript file under src/ and commands/ THEN no two import each other in a cycle, no domain folder
 * imports discord.js, and the folder-level imports that point up a layer are exactly the ones listed below, each
 * with why it is there: a new one fails here (fix the import, or list it with a reason), and so does a listed one
 * that is gone (take it off the list).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

/** Folder → layer; higher imports lower. The domains share one layer, ordered further by DOMAIN_ORDER. */
const LAYER: Record<string, number> = {
  commands: 7,
  app: 7,
  '(root)': 7,
  demo: 7,
  tasks: 6,
  discord: 5,
  digest: 4,
  recommend: 4,
  contests: 4,
  economy: 4,
  stats: 4,
  privacy: 4,
  moderation: 4,
  settings: 4,
  model: 3,
  graph: 2,
  ingest: 1,
  db: 0,
  i18n: -1,
  ops: -1,
  lib: -1,
};
/** Within the domains: [upper, lower]. An import from the lower one to the upper one points up. */
const DOMAIN_ORDER: readonly (readonly [string, string])[] = [
  ['digest', 'recommend'],
  ['contests', 'economy'],
];
const DOMAINS = ['recommend', 'digest', 'economy', 'contests', 'moderation', 'privacy', 'stats', 'settings', 'model', 'graph'];

/**
 * Imports that point up a layer today, each owned by the change that removes it. Keep it short: every entry is a
 * module in the wrong place.
 */
const KNOWN_BACK_ARROWS: Record<string, string> = {};

const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gs;

function sourceFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) files.set(path, readFileSync(join(ROOT, path), 'utf8'));
    }
  };
  walk('src');
  walk('commands');
  return files;
}

function resolveImport(files: Map<string, string>, from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const target = normalize(join(dirname(from), specifier));
  for (const candidate of [target.replace(/\.js$/, '.ts'), `${target}.ts`, join(target, 'index.ts')]) {
    if (files.has(candidate)) return candidate;
  }
  return null;
}

function folderOf(path: string): string {
  const parts = path.split('/');
  if (parts[0] === 'commands') return 'commands';
  return parts.length > 2 ? (parts[1] as string) : '(root)';
}

const files = sourceFiles();
const imports = new Map<string, string[]>(
  [...files].map(([path, text]) => [
    path,
    [...text.matchAll(IMPORT)].flatMap((m) => {
      const resolved = resolveImport(files, path, m[1] ?? m[2] ?? '');
      return resolved ? [resolved] : [];
    }),
  ]),
);

function pointsUp(from: string, to: string): boolean {
  if (from === 'sim') return to !== 'lib' && to !== 'sim';
  if (to === 'sim') return !['demo', 'sim'].includes(from);
  const [a, b] = [LAYER[from], LAYER[to]];
  if (a === undefined || b === undefined) throw new Error(`folder ${a === undefined ? from : to} has no layer: add it to LAYER`);
  if (a !== b) return a < b;
  return DOMAIN_ORDER.some(([upper, lower]) => from === lower && to === upper);
}

/** Strongly connected components of more than one file (Tarjan). */
function cycles(): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of imports.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of imports.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('architecture', () => {
  it('GIVEN the source tree THEN its files are found and every folder has a layer', () => {
    expect(files.size).toBeGreaterThan(300);
    const folders = new Set([...files.keys()].map(folderOf));
    expect([...folders].filter((folder) => folder !== 'sim' && LAYER[folder] === undefined)).toEqual([]);
  });

  it('GIVEN every import THEN no files import each other in a cycle', () => {
    expect(cycles().map((component) => component.join(' ↔ '))).toEqual([]);
  });

  it('GIVEN the domain folders THEN none imports discord.js', () => {
    const offenders = [...files]
      .filter(([path]) => DOMAINS.includes(folderOf(path)) && path.startsWith('src/'))
      .filter(([, text]) => /from\s+['"]discord\.js['"]/.test(text))
      .map(([path]) => path);
    expect(offenders).toEqual([]);
  });

  it('GIVEN every import between folders THEN the ones pointing up a layer are exactly the listed ones', () => {
    const up = new Map<string, string[]>();
    for (const [from, targets] of imports) {
      for (const to of targets) {
        const [a, b] = [folderOf(from), folderOf(to)];
        if (a === b || !pointsUp(a, b)) continue;
        const key = `${a} -> ${b}`;
        up.set(key, [...(up.get(key) ?? []), `${relative('.', from)} → ${to}`]);
      }
    }
    // On failure the received object names each file import, so the fix (or the entry to add) is plain.
    expect(Object.fromEntries([...up].filter(([key]) => !(key in KNOWN_BACK_ARROWS)))).toEqual({});
    expect(Object.keys(KNOWN_BACK_ARROWS).filter((key) => !up.has(key))).toEqual([]);
  });
});
