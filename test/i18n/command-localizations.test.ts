/**
 * GIVEN every command attune registers (src/app/command-table.ts), as the JSON sent to Discord, THEN every command,
 * subcommand (group), option and choice carries a Simplified Chinese name and description that Discord accepts, and
 * the English names (what the router dispatches on) are unchanged keys of the names catalog.
 */
import { ApplicationCommandOptionType, ApplicationCommandType, type APIApplicationCommandOption } from 'discord-api-types/v10';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allCommands } from '../../src/app/command-table.js';
import { commandNames } from '../../src/i18n/command-names.js';

/** Discord's rule for chat-input command and option names (and their localisations). */
const NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const HAS_CJK = /\p{Script=Han}/u;

interface Localized {
  name: string;
  description?: string;
  name_localizations?: Partial<Record<string, string | null>> | null;
  description_localizations?: Partial<Record<string, string | null>> | null;
}

interface Node {
  path: string;
  json: Localized;
  options: readonly APIApplicationCommandOption[];
}

function optionsOf(option: APIApplicationCommandOption): readonly APIApplicationCommandOption[] {
  return 'options' in option && option.options ? option.options : [];
}

/** Every chat-input command and every option below it, depth first, with a readable path for failures. */
function walk(): Node[] {
  const nodes: Node[] = [];
  const visit = (path: string, json: Localized, options: readonly APIApplicationCommandOption[]) => {
    nodes.push({ path, json, options });
    for (const option of options) visit(`${path} ${option.name}`, option, optionsOf(option));
  };
  for (const command of allCommands) {
    const json = command.data.toJSON();
    if (json.type === ApplicationCommandType.ChatInput || json.type === undefined) visit(`/${json.name}`, json, 'options' in json ? (json.options ?? []) : []);
  }
  return nodes;
}

const zh = (map: Localized['name_localizations']) => map?.['zh-CN'] ?? undefined;

describe('Discord localisation fields of every command', () => {
  const nodes = walk();
  const slashCommands = allCommands.filter((c) => c.kind === 'slash');

  it('GIVEN the registered commands THEN the walk sees every slash command and a realistic number of options', () => {
    expect(nodes.filter((n) => n.path.split(' ').length === 1)).toHaveLength(slashCommands.length);
    expect(nodes.length).toBeGreaterThan(60);
  });

  it('GIVEN every command, subcommand and option THEN it has a zh-CN name that follows Discord\'s name rules and is lowercase', () => {
    for (const { path, json } of nodes) {
      const name = zh(json.name_localizations);
      expect(name, `${path}: no zh-CN name`).toBeDefined();
      expect(name, `${path}: ${name} breaks Discord's name rule`).toMatch(NAME);
      expect(name, `${path}: ${name} is not lowercase`).toBe(name?.toLowerCase());
      expect(json.name, path).toMatch(NAME);
    }
  });

  it('GIVEN a name in the names catalog THEN its English entry is the name itself and its Chinese one is what Discord gets', () => {
    const zhNames = commandNames('zh-CN') as Record<string, string>;
    const enNames = commandNames('en') as Record<string, string>;
    for (const [key, name] of Object.entries(enNames)) expect(name, `names catalog: ${key}`).toBe(key);
    let fromCatalog = 0;
    for (const { path, json } of nodes) {
      // A feature may keep its own names in its own catalog (the rules above still apply to them).
      if (!Object.hasOwn(enNames, json.name)) continue;
      fromCatalog++;
      expect(zh(json.name_localizations), path).toBe(zhNames[json.name]);
    }
    expect(fromCatalog).toBeGreaterThan(60);
  });

  it('GIVEN every command, subcommand and option THEN it has a Chinese description of 1–100 characters', () => {
    for (const { path, json } of nodes) {
      const description = zh(json.description_localizations);
      expect(description, `${path}: no zh-CN description`).toBeDefined();
      expect([...(description ?? '')].length, path).toBeGreaterThanOrEqual(1);
      expect([...(description ?? '')].length, path).toBeLessThanOrEqual(100);
      expect(description, `${path}: the description is not Chinese`).toMatch(HAS_CJK);
      expect([...(json.description ?? '')].length, path).toBeLessThanOrEqual(100);
    }
  });

  it('GIVEN every option with choices THEN each choice has a Chinese name of 1–100 characters', () => {
    let choices = 0;
    for (const { path, options } of nodes) {
      for (const option of options) {
        if (!('choices' in option) || !option.choices) continue;
        for (const choice of option.choices) {
          choices++;
          const name = zh(choice.name_localizations);
          expect(name, `${path} ${option.name}=${String(choice.value)}: no zh-CN choice name`).toBeDefined();
          expect([...(name ?? '')].length).toBeGreaterThanOrEqual(1);
          expect([...(name ?? '')].length).toBeLessThanOrEqual(100);
          expect(name).toMatch(HAS_CJK);
        }
      }
    }
    expect(choices).toBeGreaterThanOrEqual(10);
  });

  it('GIVEN one command or subcommand THEN no two of its options share a name in Chinese (Discord refuses that)', () => {
    for (const { path, options } of nodes) {
      const names = options.map((o) => zh(o.name_localizations));
      expect(new Set(names).size, `${path}: duplicate zh-CN option names ${names.join(', ')}`).toBe(names.length);
    }
  });

  it('GIVEN all top-level commands THEN their Chinese names are distinct, and so are the context-menu names', () => {
    const slash = nodes.filter((n) => !n.path.includes(' ')).map((n) => zh(n.json.name_localizations));
    expect(new Set(slash).size).toBe(slash.length);
    const menus = allCommands.filter((c) => c.kind === 'message-menu').map((c) => c.data.toJSON());
    expect(menus.length).toBeGreaterThanOrEqual(2);
    const menuNames = menus.map((m) => zh(m.name_localizations));
    expect(new Set(menuNames).size).toBe(menuNames.length);
    for (const menu of menus) {
      const name = zh(menu.name_localizations);
      expect(name, `${menu.name}: no zh-CN name`).toMatch(HAS_CJK);
      expect([...(name ?? '')].length).toBeLessThanOrEqual(32);
      expect(menu.type).toBe(ApplicationCommandType.Message);
    }
  });

  it('GIVEN subcommand groups THEN they and their subcommands are walked too', () => {
    const groups = nodes.filter((n) => n.options.some((o) => o.type === ApplicationCommandOptionType.Subcommand) && n.path.includes(' '));
    expect(groups.map((g) => g.path)).toEqual(expect.arrayContaining(['/economy-admin season', '/economy-admin role-reward']));
  });
});

describe('command references inside the Chinese catalogs', () => {
  const catalogDir = new URL('../../src/i18n/', import.meta.url);
  const chineseLines = readdirSync(catalogDir)
    .filter((file) => file.endsWith('.ts') && file !== 'command-names.ts')
    .flatMap((file) =>
      readFileSync(new URL(file, catalogDir), 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${file}:${i + 1}`, line }))
        .filter(({ line }) => HAS_CJK.test(line)),
    );
  const paths = new Set(walk().map((n) => n.path));
  const zhPath = new Map([...paths].map((path) => [localisedPath(path), path]));

  function localisedPath(path: string): string {
    const zhNames = commandNames('zh-CN') as Record<string, string>;
    return `/${path.slice(1).split(' ').map((name) => zhNames[name] ?? name).join(' ')}`;
  }

  it('GIVEN a Chinese string that tells the member to run a command THEN it names the command as their client shows it', () => {
    expect(chineseLines.length).toBeGreaterThan(100);
    const english = new RegExp(`/(${[...paths].filter((p) => !p.includes(' ')).map((p) => p.slice(1)).join('|')})\\b`);
    for (const { where, line } of chineseLines) expect(line, `${where} names an English command`).not.toMatch(english);
    let references = 0;
    for (const { where, line } of chineseLines) {
      for (const match of line.matchAll(/`(\/[^`:]+?)(?: \p{Script=Han}+:[^`]*)?`/gu)) {
        references++;
        expect(zhPath.has(match[1] as string), `${where}: ${match[1]} is not a localised command path`).toBe(true);
      }
    }
    expect(references).toBeGreaterThanOrEqual(8);
  });
});
