/**
 * The database schema: the single source of truth. `npm run db:generate` turns changes here into SQL under
 * migrations/. Times are Unix epoch milliseconds (integers): they sort, compare and feed training without parsing.
 * Discord ids are strings (snowflakes exceed 2^53). The shapes of JSON columns live in json-types.ts.
 *
 * One module per feature's tables; this one gathers them (drizzle-kit and the connection read it). The feature
 * modules import `guilds` from schema-activity.ts, never from here, so the schema has no import cycle.
 */
export * from './schema-activity.js';
export * from './schema-moderation.js';
export * from './schema-privacy.js';
export * from './schema-model.js';
export * from './schema-recommend.js';
export * from './schema-economy.js';
export * from './schema-delivery.js';
export * from './schema-settings.js';
export type * from './json-types.js';
