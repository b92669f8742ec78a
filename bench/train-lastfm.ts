/**
 * `npm run bench -- train-lastfm --data <dir>`: the graph filter model on LastFM (LightGCN-PyTorch split) with its friendship
 * graph as relations (relation attention + relation edges in propagation) vs the same model without relations,
 * same split, same seed; all-item ranking, training items excluded, recall@20 / NDCG@20.
 */
import { selectBackend } from '../src/model/backend.js';
import { graphFilterConfig, type GraphFilterConfig } from '../src/model/graph-filter/config.js';
import { graphFilterMethod } from '../src/model/graph-filter/method.js';
import { createLogger } from '../src/ops/log.js';
import { evaluateAllItems, maxRssMiB } from './all-item-eval.js';
import { figure, type BenchFigure, type BenchOutcome } from './figures.js';
import { loadLastfm, splitToSnapshot } from './implicit-feedback-data.js';

export async function benchTrainLastfm(options: { data: string; seed: number; overrides: Partial<GraphFilterConfig> }): Promise<BenchOutcome> {
  const backend = await selectBackend((process.env.TRAINING_BACKEND as 'auto' | undefined) ?? 'auto', createLogger('warn'));
  const split = loadLastfm(options.data);
  console.log(
    `LastFM: ${split.nUsers} users, ${split.nItems} items, ${split.train.reduce((s, l) => s + l.length, 0)} train / ` +
      `${split.test.reduce((s, l) => s + l.length, 0)} test pairs, ${split.friendships.length} friendships; backend ${backend.choice}`,
  );
  const rows: { variant: string; short: string; recall: number; ndcg: number; holdout: string; train: number; total: number }[] = [];
  for (const withRelations of [true, false]) {
    const started = performance.now();
    const config = graphFilterConfig('guild', {
      ...(withRelations ? {} : { relationWeight: 0, relationsPerMember: 0 }),
      ...options.overrides,
    });
    const method = graphFilterMethod(config);
    const snapshot = splitToSnapshot(split, { withRelations });
    const params = await method.train(snapshot, {
      seed: options.seed,
      onProgress: (p) => {
        const at = ((performance.now() - started) / 1000).toFixed(1);
        if (p.message) console.log(`  [${at} s, ${withRelations ? 'relations' : 'no relations'}] ${p.message}`);
        else if (p.step % 50 === 0) console.log(`  [${at} s] step ${p.step}/${p.totalSteps} loss ${p.loss?.toFixed(4)}`);
      },
    });
    const trained = (performance.now() - started) / 1000;
    const ranker = method.bind(params, snapshot);
    const result = await evaluateAllItems(ranker, split, { k: 20, batch: config.scoreBatch });
    ranker.dispose();
    rows.push({
      variant: withRelations ? 'graph-filter with relations' : 'graph-filter without relations',
      short: withRelations ? 'with relations' : 'without relations',
      recall: result.recall,
      ndcg: result.ndcg,
      holdout: `λ=${params.filterWeight} α=${(1 / (1 + Math.exp(-params.learned.alphaLogit))).toFixed(2)} gate=${params.learned.socialGate.toFixed(2)}; holdout NDCG blend ${params.holdout.ndcg.toFixed(4)} / learned ${params.holdout.ndcgLearnedOnly.toFixed(4)}`,
      train: trained,
      total: (performance.now() - started) / 1000,
    });
  }
  console.log(`\nLastFM, official split (test1.txt), all-item ranking, train items excluded, backend ${backend.choice}`);
  console.log('| variant | recall@20 | NDCG@20 | train s | total s | chosen blend |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(`| ${r.variant} | ${r.recall.toFixed(4)} | ${r.ndcg.toFixed(4)} | ${r.train.toFixed(1)} | ${r.total.toFixed(1)} | ${r.holdout} |`);
  console.log(`peak RSS ${maxRssMiB().toFixed(0)} MiB`);
  const figures: BenchFigure[] = rows.flatMap((r) => [
    figure(`recall@20 ${r.short}`, r.recall, ''),
    figure(`NDCG@20 ${r.short}`, r.ndcg, ''),
    figure(`wall ${r.short}`, r.total, 's'),
  ]);
  const [withRelations, without] = rows;
  // The friendship graph is the reason for the relation machinery: its gain, with relations minus without.
  if (withRelations && without) figures.push(figure('NDCG@20 gain from relations', withRelations.ndcg - without.ndcg, ''));
  figures.push(figure('peak RSS', maxRssMiB(), 'MiB'));
  const overrides = Object.keys(options.overrides).length > 0 ? `, config ${JSON.stringify(options.overrides)}` : '';
  return { dataset: 'lastfm', preset: `guild preset, seed ${options.seed}${overrides}`, backend: backend.choice, figures };
}
