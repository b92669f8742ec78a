/** Autocomplete for time zone options: IANA names matching what the admin typed, each with its current offset. */
import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import { knownTimeZones, utcOffsetLabel } from '../../src/lib/zoned-time.js';

/** Discord shows at most 25 suggestions. */
const MAX_CHOICES = 25;

/**
 * Zones whose name contains every word typed (`new york`, `berlin`, `asia/sh`), those starting with it first; the
 * empty input lists the first zones (UTC first). Case, spaces and underscores do not matter.
 */
export function timeZoneChoices(typed: string, now: number): ApplicationCommandOptionChoiceData<string>[] {
  const normalise = (value: string) => value.toLowerCase().replace(/[\s_]+/g, ' ').trim();
  const query = normalise(typed);
  const words = query.split(' ').filter((word) => word.length > 0);
  const matching = knownTimeZones().filter((zone) => {
    const name = normalise(zone);
    return words.every((word) => name.includes(word));
  });
  const city = (zone: string) => normalise(zone.split('/').at(-1) ?? zone);
  const starts = (zone: string) => (normalise(zone).startsWith(query) || city(zone).startsWith(query) ? 0 : 1);
  return matching
    .map((zone, index) => ({ zone, index }))
    .sort((a, b) => starts(a.zone) - starts(b.zone) || a.index - b.index)
    .slice(0, MAX_CHOICES)
    .map(({ zone }) => ({ name: `${zone} (${utcOffsetLabel(now, zone)})`, value: zone }));
}
