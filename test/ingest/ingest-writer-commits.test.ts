/**
 * GIVEN listeners on the ingest writer's commits THEN each committed batch reaches them after it is in the database,
 * and a listener that throws is logged without costing ingest anything.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ActivityStore } from '../../src/ingest/activity-store.js';
import { IngestWriter } from '../../src/ingest/ingest-writer.js';
import type { IngestOp } from '../../src/ingest/records.js';
import { StoreWorkerClient } from '../../src/ingest/store-worker-client.js';
import { captureLog } from '../helpers/log-capture.js';
import { createTempDb, type TempDb } from '../helpers/temp-db.js';

describe('IngestWriter commit listeners', () => {
  let db: TempDb;
  let writer: IngestWriter | null = null;
  afterEach(async () => {
    await writer?.close();
    db.dispose();
  });

  it('GIVEN ops enqueued THEN listeners see them once committed, and a throwing listener is logged, not fatal', async () => {
    db = createTempDb();
    const capture = captureLog('error');
    writer = new IngestWriter(await StoreWorkerClient.start(db.path), new ActivityStore(db.sqlite), capture.log);
    const seen: { kinds: string[]; guildStored: boolean }[] = [];
    writer.onCommitted(() => {
      throw new Error('listener on fire');
    });
    writer.onCommitted((ops) => {
      seen.push({ kinds: ops.map((op) => op.kind), guildStored: db.sqlite.prepare(`SELECT 1 FROM guilds WHERE id = '1'`).get() !== undefined });
    });
    const guild: IngestOp = { kind: 'guild', guild: { id: '1', name: 'g', ownerId: null, preferredLocale: 'en-US' }, at: 1 };
    writer.enqueue(guild);
    writer.enqueue({ kind: 'memberLeft', guildId: '1', userId: '2', at: 2 });
    await writer.idle();
    expect(seen).toEqual([{ kinds: ['guild', 'memberLeft'], guildStored: true }]);
    expect(capture.lines().map((l) => l.msg)).toEqual(['ingest commit listener failed']);
    expect(writer.written).toBe(2);
  });
});
