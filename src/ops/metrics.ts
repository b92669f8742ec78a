/**
 * attune's Prometheus metrics, in a registry of their own (not prom-client's global one, so two bots in one test
 * process, or a test and the bot, never share counters). Labels are bounded enumerations only: gateway event names,
 * ingest op kinds, command names, outcomes. Never a member id, a guild id or a guild name: those would make one
 * series per person (cardinality) and put who-is-where into a monitoring system (privacy).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** How an interaction ended, as the router sees it. */
export type InteractionOutcome = 'ok' | 'refused' | 'error';

export class BotMetrics {
  readonly registry = new Registry();
  readonly #gatewayEvents: Counter<'type'>;
  readonly #ingestOps: Counter<'kind'>;
  readonly #ingestBatch: Histogram;
  readonly #interactions: Counter<'name' | 'outcome'>;
  readonly #interactionSeconds: Histogram<'name'>;
  readonly #trainingRuns: Counter<'outcome'>;
  readonly #trainingSeconds: Histogram<'outcome'>;
  readonly #digests: Counter;

  /** `guildCount` is read at every scrape (the shard's guilds), so it needs no event wiring. */
  constructor(guildCount: () => number) {
    collectDefaultMetrics({ register: this.registry, prefix: 'attune_' });
    const registers = [this.registry];
    this.#gatewayEvents = new Counter({
      name: 'attune_gateway_events_total',
      help: 'Gateway dispatch events received, by Discord event name.',
      labelNames: ['type'],
      registers,
    });
    this.#ingestOps = new Counter({
      name: 'attune_ingest_ops_total',
      help: 'Recorded activity committed to the database, by op kind (post, reactionAdded, member, ...).',
      labelNames: ['kind'],
      registers,
    });
    this.#ingestBatch = new Histogram({
      name: 'attune_ingest_batch_seconds',
      help: 'Time from handing an ingest batch to the store worker to its commit.',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.#interactions = new Counter({
      name: 'attune_interactions_total',
      help: 'Slash commands, context-menu commands and buttons handled, by name and outcome (ok, refused, error).',
      labelNames: ['name', 'outcome'],
      registers,
    });
    this.#interactionSeconds = new Histogram({
      name: 'attune_interaction_seconds',
      help: 'Time to handle an interaction, by command name or button prefix.',
      labelNames: ['name'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
      registers,
    });
    this.#trainingRuns = new Counter({
      name: 'attune_training_runs_total',
      help: 'Per-guild training runs finished, by outcome (succeeded, failed, aborted).',
      labelNames: ['outcome'],
      registers,
    });
    this.#trainingSeconds = new Histogram({
      name: 'attune_training_run_seconds',
      help: 'Duration of per-guild training runs, by outcome.',
      labelNames: ['outcome'],
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
      registers,
    });
    this.#digests = new Counter({
      name: 'attune_digests_delivered_total',
      help: 'Daily digest runs delivered (community post and DMs), one per guild and day.',
      registers,
    });
    new Gauge({
      name: 'attune_guilds',
      help: 'Guilds this process (shard) is connected to.',
      registers,
      collect() {
        this.set(guildCount());
      },
    });
  }

  gatewayEvent(type: string): void {
    this.#gatewayEvents.inc({ type });
  }

  ingestCommitted(kinds: readonly { kind: string }[], seconds: number): void {
    this.#ingestBatch.observe(seconds);
    const counts = new Map<string, number>();
    for (const { kind } of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1);
    for (const [kind, n] of counts) this.#ingestOps.inc({ kind }, n);
  }

  interactionHandled(name: string, outcome: InteractionOutcome, seconds: number): void {
    this.#interactions.inc({ name, outcome });
    this.#interactionSeconds.observe({ name }, seconds);
  }

  trainingRunFinished(outcome: string, seconds: number): void {
    this.#trainingRuns.inc({ outcome });
    this.#trainingSeconds.observe({ outcome }, seconds);
  }

  digestDelivered(): void {
    this.#digests.inc();
  }
}
