import { describe, expect, it } from 'vitest';
import { bestBaseline, decidePromotion, type HoldoutMetrics, type MethodHoldoutMetrics } from '../../src/model/promotion.js';

const BASELINES = ['popularity', 'recency', 'reddit-hot', 'discourse-top', 'bpr-mf'];
const m = (ndcg: number, recall: number, membersEvaluated = 50): MethodHoldoutMetrics => ({ ndcg, recall, coverage: 0.5, membersEvaluated });
const holdout = (methods: Record<string, MethodHoldoutMetrics>): HoldoutMetrics => ({ k: 10, cuts: [1, 2], methods });

interface Row {
  given: string;
  methods: Record<string, MethodHoldoutMetrics>;
  serving: string;
  promoted: boolean;
  best: string | null;
}

describe('promotion rule', () => {
  it.each<Row>([
    {
      given: 'the model strictly above the best baseline with enough members',
      methods: { 'signal-ranker': m(0.31, 0.4), popularity: m(0.2, 0.3), 'bpr-mf': m(0.3, 0.5) },
      serving: 'signal-ranker',
      promoted: true,
      best: 'bpr-mf',
    },
    {
      given: 'the model tied with the best baseline',
      methods: { 'signal-ranker': m(0.3, 0.9), popularity: m(0.3, 0.3) },
      serving: 'popularity',
      promoted: false,
      best: 'popularity',
    },
    {
      given: 'the model below the best baseline',
      methods: { 'signal-ranker': m(0.1, 0.2), popularity: m(0.05, 0.1), recency: m(0.15, 0.1) },
      serving: 'recency',
      promoted: false,
      best: 'recency',
    },
    {
      given: 'the model far ahead but evaluated on too few members (a small guild)',
      methods: { 'signal-ranker': m(0.9, 0.9, 19), popularity: m(0.1, 0.1, 19) },
      serving: 'popularity',
      promoted: false,
      best: 'popularity',
    },
    {
      given: 'the model ahead with exactly the minimum members',
      methods: { 'signal-ranker': m(0.9, 0.9, 20), popularity: m(0.1, 0.1, 20) },
      serving: 'signal-ranker',
      promoted: true,
      best: 'popularity',
    },
    {
      given: 'the model with NaN figures',
      methods: { 'signal-ranker': m(Number.NaN, 0.5), popularity: m(0.1, 0.1) },
      serving: 'popularity',
      promoted: false,
      best: 'popularity',
    },
    {
      given: 'no figures at all (no cut had engagement)',
      methods: {},
      serving: 'popularity',
      promoted: false,
      best: null,
    },
    {
      given: 'no baseline figures but the model has some',
      methods: { 'signal-ranker': m(0.5, 0.5) },
      serving: 'popularity',
      promoted: false,
      best: null,
    },
  ])('GIVEN $given THEN $serving serves (promoted: $promoted)', ({ methods, serving, promoted, best }) => {
    const decision = decidePromotion('signal-ranker', holdout(methods), BASELINES);
    expect(decision).toMatchObject({ serving, promoted, bestBaseline: best });
    expect(decision.reason).toContain(serving === 'signal-ranker' ? 'beats' : serving);
  });

  it('GIVEN no learned method at all THEN the best baseline serves', () => {
    expect(decidePromotion(null, holdout({ popularity: m(0.1, 0.1), recency: m(0.2, 0.1) }), BASELINES)).toMatchObject({
      serving: 'recency',
      promoted: false,
    });
  });

  it('GIVEN a required margin THEN a gain not above it does not promote', () => {
    const metrics = holdout({ 'signal-ranker': m(0.32, 0.4), popularity: m(0.3, 0.3) });
    expect(decidePromotion('signal-ranker', metrics, BASELINES, { minMembersEvaluated: 20, minNdcgGain: 0.05 }).promoted).toBe(false);
    expect(decidePromotion('signal-ranker', metrics, BASELINES, { minMembersEvaluated: 20, minNdcgGain: 0.01 }).promoted).toBe(true);
  });

  it.each([
    ['equal NDCG: higher recall wins', { popularity: m(0.2, 0.1), recency: m(0.2, 0.3) }, 'recency'],
    ['equal NDCG and recall: listed first wins', { recency: m(0.2, 0.3), popularity: m(0.2, 0.3) }, 'popularity'],
    ['a baseline that evaluated nobody is ignored', { popularity: m(0.9, 0.9, 0), recency: m(0.1, 0.1) }, 'recency'],
    ['the model is never a baseline', { 'signal-ranker': m(0.9, 0.9), popularity: m(0.1, 0.1) }, 'popularity'],
  ] as [string, Record<string, MethodHoldoutMetrics>, string][])('GIVEN %s THEN bestBaseline picks it', (_name, methods, expected) => {
    expect(bestBaseline(holdout(methods), BASELINES)).toBe(expected);
  });
});
