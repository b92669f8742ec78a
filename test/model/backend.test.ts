import { afterEach, describe, expect, it } from 'vitest';
import { resetBackendSelectionForTests, selectBackend, tf, type ModuleLoader } from '../../src/model/backend.js';
import { silentLogger } from '../../src/ops/log.js';

const realLoader: ModuleLoader = (specifier) => import(specifier);

describe('training backend selection', () => {
  afterEach(() => resetBackendSelectionForTests());

  it('GIVEN the native packages are absent (as on this machine) THEN auto tries node-gpu, then node, and picks wasm', async () => {
    const tried: string[] = [];
    const loader: ModuleLoader = (specifier) => {
      tried.push(specifier);
      return realLoader(specifier);
    };
    const selected = await selectBackend('auto', silentLogger, loader);
    expect(tried).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node', '@tensorflow/tfjs-backend-wasm']);
    expect(selected.choice).toBe('wasm');
    expect(selected.skipped.map((s) => s.choice)).toEqual(['node-gpu', 'node']);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('GIVEN wasm fails to load THEN auto falls back to the pure-JS cpu backend', async () => {
    const loader: ModuleLoader = (specifier) =>
      specifier.endsWith('wasm') ? Promise.reject(new Error('no wasm here')) : realLoader(specifier);
    const selected = await selectBackend('auto', silentLogger, loader);
    expect(selected.choice).toBe('cpu');
    expect(selected.skipped.find((s) => s.choice === 'wasm')?.reason).toBe('no wasm here');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('GIVEN a forced backend that cannot start THEN it fails loudly instead of falling back', async () => {
    await expect(selectBackend('node-gpu', silentLogger)).rejects.toThrow(/node-gpu is not available/);
  });

  it('GIVEN cpu is forced THEN the native and wasm packages are never loaded', async () => {
    const tried: string[] = [];
    const selected = await selectBackend('cpu', silentLogger, (s) => {
      tried.push(s);
      return realLoader(s);
    });
    expect(selected.choice).toBe('cpu');
    expect(tried).toEqual([]);
  });
});
