import { describe, expect, it } from 'vitest';
import { holdoutMask, holdoutStart, holdoutTargets, postsNotYetCreated } from '../../src/model/graph-filter/holdout.js';
import { interactionMatrix } from '../../src/model/graph-filter/interaction-matrix.js';
import { plantedGuild } from './planted-community.js';
import { seededRandom } from '../../src/lib/random.js';

describe("the graph filter model's holdout stands where a digest would when it begins", () => {
  it('GIVEN timed events THEN the holdout starts at its first event, later posts are not yet there and never targets', () => {
    const { snapshot } = plantedGuild();
    const keep = holdoutMask(snapshot, 0.1, seededRandom(1));
    const { at, kind, post } = snapshot.interactions;
    const held = Array.from(keep.keys()).filter((e) => keep[e] === 0);
    expect(held.length).toBeGreaterThan(0);
    const start = holdoutStart(snapshot, keep);
    expect(start).toBe(Math.min(...held.map((e) => at[e]!)));
    // Every fit interaction (not authorship) happened no later than the holdout's start.
    for (let e = 0; e < keep.length; e++) if (keep[e] === 1 && kind[e] !== 0) expect(at[e]!).toBeLessThanOrEqual(start);

    const later = postsNotYetCreated(snapshot, start);
    const { createdAt } = snapshot.posts;
    for (let p = 0; p < createdAt.length; p++) expect(later[p]).toBe(createdAt[p]! >= start ? 1 : 0);
    expect(later.some((v) => v === 1)).toBe(true);

    const fit = interactionMatrix(snapshot, keep);
    const withAll = holdoutTargets(snapshot, keep, fit);
    const available = holdoutTargets(snapshot, keep, fit, later);
    const laterTargets = [...withAll.values()].flatMap((s) => [...s]).filter((p) => later[p] === 1);
    expect(laterTargets.length).toBeGreaterThan(0);
    for (const targets of available.values()) for (const p of targets) expect(later[p]).toBe(0);
    expect(held.some((e) => later[post[e]!] === 0)).toBe(true);
  });

  it('GIVEN events without times THEN there is no start and every post is available', () => {
    const { snapshot } = plantedGuild();
    const untimed = { ...snapshot, interactions: { ...snapshot.interactions, at: new Float64Array(snapshot.interactions.at.length).fill(Number.NaN) } };
    const keep = holdoutMask(untimed, 0.1, seededRandom(2));
    const start = holdoutStart(untimed, keep);
    expect(Number.isNaN(start)).toBe(true);
    expect(postsNotYetCreated(untimed, start).every((v) => v === 0)).toBe(true);
  });
});
